import type Database from "better-sqlite3";
import type { RawRunner } from "./serialized-adapter";
import { startWalCheckpointer, type WalCheckpointer } from "./wal-checkpointer";

export type SqlValue = string | number | null;

/** Statements of one bulk step. SQL is written to travel: quoted identifiers, `?` placeholders, `ON CONFLICT`, multi-row VALUES. */
export interface BulkStatements {
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

/**
 * The bulk path (statement import): raw SQL on Till's one connection, one
 * short step at a time, in turn with every other statement. Prisma costs
 * about 30 µs a row here (STACK.md: ~50× a raw insert), which a 1 M-line
 * statement cannot afford; this does not go around the one writer, it only
 * skips Prisma's per-statement work. On PostgreSQL the same SQL runs on a
 * pooled client with `?` numbered as `$n` (lib/db/postgres.ts). The
 * statements are asynchronous for PostgreSQL's sake; on SQLite they run
 * synchronously while the one connection is held.
 */
export interface BulkSql {
  /**
   * One short write transaction: all of `fn` commits, or none of it.
   *
   * `durable: false` commits without waiting for the disk (SQLite: this
   * commit alone at `synchronous = NORMAL`; PostgreSQL: `SET LOCAL
   * synchronous_commit = off`). A power cut may then lose it, and any later
   * such commits, but never tears one, and never loses what an earlier
   * durable commit stored; the next durable commit (every other write in
   * Till) makes it durable with everything before it. Only for steps that
   * nothing acknowledges until a later durable commit: staging lines no one
   * sees yet, and matching steps that are safe to repeat.
   */
  transaction<T>(fn: (sql: BulkStatements) => Promise<T>, options?: { durable?: boolean }): Promise<T>;
  /** One or more reads, between other statements, that see one state of the database (SQLite: the one connection between transactions; PostgreSQL: a read-only REPEATABLE READ snapshot). */
  read<T>(fn: (sql: BulkStatements) => Promise<T>): Promise<T>;
  /**
   * Runs `fn`, a long series of bulk steps (a statement import). On SQLite,
   * meanwhile no commit on the one connection checkpoints the WAL (copying
   * the pages of the last commits into the database file and syncing it):
   * a second connection on another thread does that concurrently, and once
   * more at the end. What each commit makes durable is unchanged — a durable
   * commit still syncs the WAL that holds it. PostgreSQL has nothing to do.
   */
  writeBurst<T>(fn: () => Promise<T>): Promise<T>;
}

/** `(?, ?, ?), (?, ?, ?)`: the VALUES list of a multi-row insert, `rows` rows of `columns` values. */
export function valuesList(rows: number, columns: number): string {
  const row = `(${Array.from({ length: columns }, () => "?").join(", ")})`;
  return Array.from({ length: rows }, () => row).join(", ");
}

/**
 * Lets the event loop take waiting I/O and timers before a bulk step. Steps
 * chained on promises alone run as one long microtask queue: a notification's
 * request would wait for a whole run of them (seconds), not for one step.
 */
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/** The bulk path on SQLite, through the serialized adapter's lock on the one better-sqlite3 connection. */
export function sqliteBulk(raw: () => RawRunner): BulkSql {
  const cache = new Map<string, Database.Statement>();
  const statements = (connection: Database.Database): BulkStatements => {
    const prepare = (sql: string) => {
      let statement = cache.get(sql);
      if (!statement) {
        // Plain numbers, not the BigInts the adapter's connection is set to return.
        statement = connection.prepare(sql);
        if (statement.reader) statement.safeIntegers(false);
        if (cache.size > 200) cache.clear();
        cache.set(sql, statement);
      }
      return statement;
    };
    return {
      // Parameters as one array: spreading a 15,000-value INSERT's into arguments costs more than the binding itself.
      run: (sql, params = []) => Promise.resolve(prepare(sql).run(params).changes),
      all: <T>(sql: string, params: readonly SqlValue[] = []) => Promise.resolve(prepare(sql).all(params) as T[]),
    };
  };
  // Bursts under way (imports of different accounts may overlap), and the checkpointer they share.
  let bursts = 0;
  let checkpointer: WalCheckpointer | null = null;
  /** The connection's own setting, put back after the last burst. */
  let autocheckpoint = 1000;
  const enterBurst = () =>
    raw()((connection) => {
      bursts += 1;
      if (checkpointer || connection.memory) return;
      const current = Number(connection.pragma("wal_autocheckpoint", { simple: true }));
      if (current > 0) autocheckpoint = current;
      connection.pragma("wal_autocheckpoint = 0");
      checkpointer = startWalCheckpointer(connection.name);
    });
  const leaveBurst = async () => {
    bursts -= 1;
    if (bursts > 0 || !checkpointer) return;
    const running = checkpointer;
    checkpointer = null;
    await running.stop();
    await raw()((connection) => {
      if (bursts === 0) connection.pragma(`wal_autocheckpoint = ${autocheckpoint}`);
    });
  };
  return {
    writeBurst: async (fn) => {
      await enterBurst();
      try {
        return await fn();
      } finally {
        await leaveBurst();
      }
    },
    transaction: async (fn, { durable = true } = {}) => {
      await yieldToIo();
      return raw()(async (connection) => {
        // Set and restored while holding the one connection: no other statement commits in between.
        const synchronous = durable ? null : (connection.pragma("synchronous", { simple: true }) as number);
        if (synchronous !== null && synchronous > 1) connection.pragma("synchronous = NORMAL");
        try {
          connection.prepare("BEGIN IMMEDIATE").run();
          try {
            const result = await fn(statements(connection));
            connection.prepare("COMMIT").run();
            return result;
          } catch (error) {
            if (connection.inTransaction) connection.prepare("ROLLBACK").run();
            throw error;
          }
        } finally {
          if (synchronous !== null && synchronous > 1) connection.pragma(`synchronous = ${synchronous}`);
        }
      });
    },
    read: async (fn) => {
      await yieldToIo();
      return raw()((connection) => fn(statements(connection)));
    },
  };
}
