import path from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { sqliteBulk, type BulkSql } from "./bulk-sql";
import { createPostgresClient, isPostgresUrl, postgresBulk } from "./postgres";
import { retryWriteConflicts } from "./retry-write-conflicts";
import { serialized, type RawRunner } from "./serialized-adapter";
import type { SqlTx } from "./sql-tx";

/**
 * Till's database client. The type is the SQLite client's; a PostgreSQL
 * database gets the client generated from the same models for provider
 * postgresql (scripts/write-postgres-schema.mjs), which has the same methods,
 * so domain code never knows which one it holds.
 */
export type Db = PrismaClient;
/** The client handed to code running inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export type Dialect = "sqlite" | "postgresql";

/** Turns `file:./data/till.db` into a filesystem path. */
export function sqlitePath(databaseUrl: string): string {
  return databaseUrl.replace(/^file:/, "");
}

/**
 * The folder where a Till server keeps its own files (the demo merchants' keys):
 * the SQLite file's folder, or ./data when the database is PostgreSQL.
 */
export function localDataDir(databaseUrl: string): string {
  return isPostgresUrl(databaseUrl) ? "data" : path.dirname(sqlitePath(databaseUrl));
}

/** The database a DATABASE_URL names: `postgresql://…` is PostgreSQL, `file:…` SQLite. */
export function dialectOf(databaseUrl: string): Dialect {
  return isPostgresUrl(databaseUrl) ? "postgresql" : "sqlite";
}

/** Opens Till's database: PostgreSQL for a `postgresql://` URL, otherwise the SQLite file. */
export async function createDb(databaseUrl: string): Promise<Db> {
  if (isPostgresUrl(databaseUrl)) {
    const { client, pool } = createPostgresClient(databaseUrl);
    const db = retryWriteConflicts(client) as unknown as Db;
    remember(db, postgresBulk(pool), "postgresql");
    await db.$queryRawUnsafe("SELECT 1");
    return db;
  }
  return createSqliteDb(databaseUrl);
}

/**
 * Opens Till's one connection to its SQLite file. WAL and synchronous=FULL so
 * that an acknowledged notification survives a power cut; a busy timeout so that
 * a short lock (the migrator, a backup) is waited out instead of failing.
 */
async function createSqliteDb(databaseUrl: string): Promise<Db> {
  let raw: RawRunner | undefined;
  const adapter = serialized(new PrismaBetterSqlite3({ url: sqlitePath(databaseUrl), timeout: 10_000 }), (r) => (raw = r));
  const db = new PrismaClient({ adapter, transactionOptions: { maxWait: 10_000, timeout: 10_000 } });
  remember(
    db,
    sqliteBulk(() => {
      if (!raw) throw new Error("the database is not connected yet");
      return raw;
    }),
    "sqlite",
  );
  await db.$executeRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$executeRawUnsafe("PRAGMA synchronous = FULL");
  await db.$executeRawUnsafe("PRAGMA foreign_keys = ON");
  await db.$executeRawUnsafe("PRAGMA busy_timeout = 10000");
  // 64 MiB of page cache instead of SQLite's 2 MiB: a statement import walks indexes of a million rows.
  await db.$executeRawUnsafe("PRAGMA cache_size = -65536");
  return db;
}

/** A Date as the adapter stores it (ISO 8601 with "+00:00"), for the few raw SQL statements. */
export function sqlDate(date: Date): string {
  return date.toISOString().replace("Z", "+00:00");
}

/**
 * Where createDb keeps a database's bulk path and dialect: on the client itself
 * under `Symbol.for` keys, because the server context is built in
 * instrumentation.ts's module graph and read in the routes' (STACK.md) — a
 * module-level map would be a different map in each.
 */
const BULK_SQL: unique symbol = Symbol.for("till.bulk-sql");
const DIALECT: unique symbol = Symbol.for("till.dialect");

function remember(db: Db, bulk: BulkSql, dialect: Dialect): void {
  Object.assign(db as unknown as Record<symbol, unknown>, { [BULK_SQL]: bulk, [DIALECT]: dialect });
}

/** The bulk path on a database opened by createDb (lib/db/bulk-sql.ts). */
export function bulkSql(db: Db): BulkSql {
  const bulk = (db as unknown as Record<symbol, BulkSql | undefined>)[BULK_SQL];
  if (!bulk) throw new Error("bulk SQL needs a database opened by createDb");
  return bulk;
}

/** Which database a client opened by createDb talks to. */
export function dialect(db: Db | Tx | SqlTx): Dialect {
  return (db as unknown as Record<symbol, Dialect | undefined>)[DIALECT] ?? "sqlite";
}
