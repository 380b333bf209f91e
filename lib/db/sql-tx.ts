import { isWriteConflict } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import type { BulkStatements, SqlValue } from "./bulk-sql";
import { bulkSql, dialect, sqlDate, type Db, type Dialect, type Tx } from "./client";
import { WRITE_CONFLICT_ATTEMPTS } from "./retry-write-conflicts";

/**
 * What a money path written in plain SQL asks of its transaction: Prisma's
 * interactive transaction (`Tx`) has it, and so has the one `sqlTransaction`
 * opens on the bulk path. A function taking a `SqlTx` therefore runs, as one
 * implementation, in either.
 */
export type SqlTx = {
  $queryRaw<T = unknown>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
  $executeRaw(query: TemplateStringsArray, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
};

const PRISMA_TX_NEEDED = Symbol.for("till.prisma-tx-needed");

/**
 * Thrown by a function running in a `sqlTransaction` when the case at hand
 * needs Prisma's models (`prismaTx`): the transaction rolls back, having
 * written nothing, and `sqlTransaction` runs the function again in Prisma's.
 */
class PrismaTxNeeded extends Error {
  readonly [PRISMA_TX_NEEDED] = true;
  constructor(readonly reason: string) {
    super(`this step needs Prisma's transaction: ${reason}`);
  }
}

/** Recognised by a brand, not `instanceof`: Next.js's production build may load this module in more than one module graph (STACK.md). */
function isPrismaTxNeeded(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[PRISMA_TX_NEEDED] === true;
}

/** The transaction as Prisma's, for the rare steps written with its models; on the SQL path, a rerun in Prisma's. */
export function prismaTx(tx: SqlTx, reason: string): Tx {
  if ("$transaction" in tx || "order" in tx) return tx as Tx;
  throw new PrismaTxNeeded(reason);
}

const DIALECT = Symbol.for("till.dialect");
const GROUP = Symbol.for("till.sql-tx.group");

/** How many waiting transactions one commit takes at most: bounds the time the writer and the event loop are held. */
const GROUP_LIMIT = 32;

type Waiting = { fn: (tx: SqlTx) => Promise<unknown>; resolve: (value: unknown) => void; reject: (error: unknown) => void };
type Group = { waiting: Waiting[]; draining: boolean };

/**
 * Runs `fn` in one transaction of plain SQL on the bulk path (lib/db/bulk-sql.ts):
 * on SQLite, synchronously on the one connection from BEGIN IMMEDIATE to
 * COMMIT, so the writer is held for the statements' own time (tens of
 * microseconds each) rather than for a dozen trips through Prisma's engine,
 * between which every other request waits. This is what the notification
 * path runs in (a payment's delivery is ~15 statements: ~0.1 ms here,
 * ~3.5 ms in Prisma's interactive transaction).
 *
 * Group commit on SQLite: the transactions that arrive while one is running
 * wait, and then run together in one BEGIN … COMMIT, each in a savepoint of
 * its own, so that one sync of the WAL to disk serves them all (that sync,
 * blocking the one thread, was the largest single cost of a delivery). A
 * function that fails is rolled back to its savepoint and rejects alone; the
 * others commit. Every promise settles only after the COMMIT that holds it:
 * nothing is acknowledged before it is stored. PostgreSQL runs transactions
 * at once on its pool, one each.
 *
 * All of `fn` commits or none of it, durably. A step written with Prisma's
 * models (`prismaTx`) rolls it back and runs `fn` again in
 * `db.$transaction`; so does, on PostgreSQL, a deadlock or serialization
 * failure (a few times, as lib/db/retry-write-conflicts.ts does for Prisma's).
 * `fn` therefore must not act outside the database.
 */
export async function sqlTransaction<T>(db: Db, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  if (dialect(db) === "sqlite") return inGroup(db, fn);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await bulkSql(db).transaction((sql) => fn(sqlTx(db, sql)));
    } catch (error) {
      if (isPrismaTxNeeded(error)) return db.$transaction((tx) => fn(tx));
      if (!isWriteConflict(error) || attempt >= WRITE_CONFLICT_ATTEMPTS) throw error;
      logger.warn({ attempt }, "transaction lost a race (deadlock or serialization failure); running it again");
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** attempt));
    }
  }
}

/** The database's group (on the client itself: the routes and instrumentation.ts are different module graphs, STACK.md). */
function groupOf(db: Db): Group {
  const holder = db as unknown as Record<symbol, Group | undefined>;
  return (holder[GROUP] ??= { waiting: [], draining: false });
}

function inGroup<T>(db: Db, fn: (tx: SqlTx) => Promise<T>): Promise<T> {
  const group = groupOf(db);
  return new Promise<T>((resolve, reject) => {
    group.waiting.push({ fn, resolve: resolve as (value: unknown) => void, reject });
    if (!group.draining) void drain(db, group);
  });
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * One more turn of the event loop before a group begins, besides the one the
 * bulk path takes before every transaction: a delivery read off its socket in
 * the same turn as the group's first is still a few steps (its body, the
 * route) short of `sqlTransaction` when that one turn ends. Waiting one more
 * lets it join. Measured with `npm run bench:ingest` (BENCH_N=1500, quiet
 * machine): groups of 6–7 on average instead of ~4, and 0.49–0.57× the bare
 * route instead of 0.45–0.48× (the commit and its index pages are shared by
 * more deliveries), p99 22–28 ms instead of 24–46 ms. An idle server loses
 * one turn of the event loop (microseconds).
 */
const gatherTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drain(db: Db, group: Group): Promise<void> {
  group.draining = true;
  try {
    while (group.waiting.length > 0) {
      let batch: Waiting[] = [];
      let outcomes: Outcome[];
      await gatherTurn();
      try {
        // The bulk path lets waiting I/O in before it begins: what arrives meanwhile joins this commit.
        outcomes = await bulkSql(db).transaction(async (sql) => {
          batch = group.waiting.splice(0, GROUP_LIMIT);
          const tx = sqlTx(db, sql);
          const done: Outcome[] = [];
          for (const waiting of batch) {
            await sql.run(`SAVEPOINT "grouped"`);
            try {
              done.push({ ok: true, value: await waiting.fn(tx) });
              await sql.run(`RELEASE "grouped"`);
            } catch (error) {
              await sql.run(`ROLLBACK TO "grouped"`);
              await sql.run(`RELEASE "grouped"`);
              done.push({ ok: false, error });
            }
          }
          return done;
        });
      } catch (error) {
        // BEGIN or COMMIT failed (the file busy past the timeout, the disk): none of the batch is stored.
        if (batch.length === 0) batch = group.waiting.splice(0, GROUP_LIMIT);
        for (const waiting of batch) waiting.reject(error);
        continue;
      }
      batch.forEach((waiting, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) waiting.resolve(outcome.value);
        else if (isPrismaTxNeeded(outcome.error)) db.$transaction((tx) => waiting.fn(tx)).then(waiting.resolve, waiting.reject);
        else waiting.reject(outcome.error);
      });
    }
  } finally {
    group.draining = false;
  }
}

/** The bulk path's statements as a `SqlTx`. */
function sqlTx(db: Db, sql: BulkStatements): SqlTx {
  const on = dialect(db);
  return Object.assign(
    {
      $queryRaw: <R>(query: TemplateStringsArray, ...values: unknown[]) => sql.all(query.join("?"), values.map((v) => bind(on, v))) as Promise<R>,
      $executeRaw: (query: TemplateStringsArray, ...values: unknown[]) => sql.run(query.join("?"), values.map((v) => bind(on, v))),
      $queryRawUnsafe: <R>(query: string, ...values: unknown[]) => sql.all(query, values.map((v) => bind(on, v))) as Promise<R>,
    } satisfies SqlTx,
    // What decodeRow and dialect() read off a client.
    { [DIALECT]: on, _runtimeDataModel: (db as unknown as { _runtimeDataModel?: unknown })._runtimeDataModel },
  );
}

/** A value as the database's driver takes it, stored as Prisma stores it (SQLite: ISO 8601 dates, 0/1 booleans; PostgreSQL: UTC timestamps). */
function bind(on: Dialect, value: unknown): SqlValue {
  if (value instanceof Date) return on === "sqlite" ? sqlDate(value) : value.toISOString();
  if (typeof value === "boolean") return on === "sqlite" ? Number(value) : (value as unknown as SqlValue);
  if (typeof value === "bigint") return Number(value);
  if (value === undefined) return null;
  return value as SqlValue;
}
