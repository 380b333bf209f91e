import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/prisma-pg/client";
import type { BulkSql, BulkStatements, SqlValue } from "./bulk-sql";

/** True when a DATABASE_URL names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(databaseUrl: string): boolean {
  return /^postgres(ql)?:\/\//.test(databaseUrl);
}

/** `?` placeholders (outside quoted strings and identifiers) as PostgreSQL's `$1, $2, …`. */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|\?/g, (match) => (match === "?" ? `$${++n}` : match));
}

/** COUNT(*) and SUM() come back from pg as strings (int8, numeric); Till's numbers are safe integers. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);
types.setTypeParser(pg.types.builtins.NUMERIC, Number);
// timestamp(3) holds UTC (Prisma writes it so): read it as UTC, whatever the process's own time zone.
types.setTypeParser(pg.types.builtins.TIMESTAMP, (text: string) => new Date(`${text.replace(" ", "T")}Z`));

/** The bulk path on PostgreSQL: the same SQL on a client of the pool, `?` numbered as `$n`. */
export function postgresBulk(pool: pg.Pool): BulkSql {
  const statements = (client: pg.PoolClient): BulkStatements => ({
    run: async (sql, params: readonly SqlValue[] = []) =>
      (await client.query({ text: numberedPlaceholders(sql), values: [...params], types })).rowCount ?? 0,
    all: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await client.query({ text: numberedPlaceholders(sql), values: [...params], types })).rows as T[],
  });
  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    try {
      return await fn(client);
    } finally {
      client.release();
    }
  };
  return {
    // PostgreSQL checkpoints on its own: a burst of bulk steps needs nothing of Till.
    writeBurst: (fn) => fn(),
    transaction: (fn, { durable = true } = {}) =>
      withClient(async (client) => {
        await client.query("BEGIN");
        try {
          if (!durable) await client.query("SET LOCAL synchronous_commit = off");
          const result = await fn(statements(client));
          await client.query("COMMIT");
          return result;
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }),
    // Several statements of one read see one snapshot (an order and its refunds agree), as Prisma's reads do not.
    read: (fn) =>
      withClient(async (client) => {
        await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
        try {
          return await fn(statements(client));
        } finally {
          await client.query("COMMIT");
        }
      }),
  };
}

/**
 * Opens a pool on a PostgreSQL database. PostgreSQL runs transactions at once
 * (READ COMMITTED), so money-moving transactions lock the rows they re-check
 * (lib/db/lock-rows.ts).
 */
export function createPostgresClient(databaseUrl: string): { client: PostgresPrismaClient; pool: pg.Pool } {
  // Prisma stores DateTime as UTC in timestamp(3) columns; raw SQL compares them with UTC too, whatever the server's zone.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: "-c TimeZone=UTC" });
  // A connection the server drops while idle (a restart, a dropped test database) must not take the process down.
  pool.on("error", () => undefined);
  const client = new PostgresPrismaClient({
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    transactionOptions: { maxWait: 10_000, timeout: 10_000 },
  });
  return { client, pool };
}
