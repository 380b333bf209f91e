import type { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import type Database from "better-sqlite3";

type Factory = PrismaBetterSqlite3;
type Adapter = Awaited<ReturnType<Factory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A FIFO async lock. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  acquire(): Promise<() => void> {
    let release!: () => void;
    const next = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail.then(() => release);
    this.tail = this.tail.then(() => next);
    return ready;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/**
 * Runs a synchronous function on the adapter's own better-sqlite3 connection
 * while holding the same lock as every Prisma statement and transaction: the
 * bulk path (lib/db/bulk-sql.ts) uses Till's one connection, in turn with
 * everything else, without Prisma's per-statement cost.
 */
export type RawRunner = <T>(fn: (connection: Database.Database) => T | Promise<T>) => Promise<T>;

/**
 * Till has one SQLite connection. The adapter serialises interactive
 * transactions, but a query outside a transaction would run *inside* whichever
 * transaction is open at that moment: it could read uncommitted rows, and its
 * write would vanish if that transaction rolled back. This wrapper makes every
 * statement outside a transaction wait for the open transaction to end.
 * (Code inside `$transaction(tx => …)` must use `tx`, never the outer client.)
 */
export function serialized(factory: Factory, onConnect?: (raw: RawRunner) => void): Factory {
  const lock = new Lock();
  const rawRunner = (adapter: Adapter): RawRunner => {
    // The adapter keeps its better-sqlite3 Database as `client` (not part of its typed surface).
    const connection = (adapter as unknown as { client: Database.Database }).client;
    return (fn) => lock.run(() => Promise.resolve().then(() => fn(connection)));
  };
  const wrap = (adapter: Adapter): Adapter =>
    Object.assign(Object.create(adapter) as Adapter, {
      queryRaw: (query: Parameters<Adapter["queryRaw"]>[0]) => lock.run(() => adapter.queryRaw(query)),
      executeRaw: (query: Parameters<Adapter["executeRaw"]>[0]) => lock.run(() => adapter.executeRaw(query)),
      executeScript: (script: string) => lock.run(() => adapter.executeScript(script)),
      startTransaction: async (isolation?: Parameters<Adapter["startTransaction"]>[0]): Promise<Transaction> => {
        const release = await lock.acquire();
        try {
          const tx = await adapter.startTransaction(isolation);
          const end = (fn: () => Promise<void>) => async () => {
            try {
              await fn();
            } finally {
              release();
            }
          };
          return Object.assign(Object.create(tx) as Transaction, {
            commit: end(() => tx.commit()),
            rollback: end(() => tx.rollback()),
          });
        } catch (error) {
          release();
          throw error;
        }
      },
    });
  return Object.assign(Object.create(factory) as Factory, {
    connect: async () => {
      const adapter = await factory.connect();
      onConnect?.(rawRunner(adapter));
      return wrap(adapter);
    },
    connectToShadowDb: async () => wrap(await factory.connectToShadowDb()),
  });
}
