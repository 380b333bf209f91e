import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { isPostgresUrl } from "./postgres";

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");
/** PostgreSQL's reviewed migrations: one consolidated init, then one folder per later change (named as its SQLite twin). */
export const POSTGRES_MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "postgres", "migrations");
/** The advisory lock that makes Till servers starting at once on one PostgreSQL database migrate one after the other. */
const MIGRATION_LOCK = 7_215_001;

/**
 * Brings the database a DATABASE_URL names up to date: the reviewed SQL in
 * prisma/migrations for a SQLite file, in prisma/postgres/migrations for
 * PostgreSQL. Both record what they applied in `_till_migrations`.
 */
export async function migrateDatabase(databaseUrl: string, dir?: string): Promise<string[]> {
  if (isPostgresUrl(databaseUrl)) return migratePostgres(databaseUrl, dir);
  return migrate(databaseUrl.replace(/^file:/, ""), dir);
}

function pendingMigrations(dir: string, done: Set<string>): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")) && !done.has(name))
    .sort();
}

/**
 * Applies the reviewed SQL migrations in prisma/migrations that the database has
 * not seen yet, each in its own transaction, recording them in `_till_migrations`.
 * Runs before the server opens the file, so it never competes with the one writer.
 */
export function migrate(dbPath: string, dir = MIGRATIONS_DIR): string[] {
  fs.mkdirSync(path.dirname(path.resolve(dbPath)), { recursive: true });
  const sqlite = new Database(dbPath, { timeout: 10_000 });
  try {
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = FULL");
    sqlite.pragma("foreign_keys = ON");
    sqlite.exec(
      'CREATE TABLE IF NOT EXISTS "_till_migrations" (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const done = new Set(
      (sqlite.prepare('SELECT name FROM "_till_migrations"').all() as { name: string }[]).map((r) => r.name),
    );
    const pending = pendingMigrations(dir, done);
    for (const name of pending) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      sqlite.transaction(() => {
        sqlite.exec(sql);
        sqlite
          .prepare('INSERT INTO "_till_migrations" (name, applied_at) VALUES (?, ?)')
          .run(name, new Date().toISOString());
      })();
    }
    return pending;
  } finally {
    sqlite.close();
  }
}

/**
 * The same on PostgreSQL, under a session advisory lock: a second server
 * starting at the same moment waits, then finds nothing left to apply.
 */
async function migratePostgres(databaseUrl: string, dir = POSTGRES_MIGRATIONS_DIR): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS "_till_migrations" (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((await client.query<{ name: string }>('SELECT name FROM "_till_migrations"')).rows.map((r) => r.name));
    const pending = pendingMigrations(dir, done);
    for (const name of pending) {
      const sql = fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      await client.query("BEGIN");
      try {
        await client.query(sql);
        await client.query('INSERT INTO "_till_migrations" (name, applied_at) VALUES ($1, $2)', [name, new Date().toISOString()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    }
    return pending;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}
