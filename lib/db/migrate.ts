import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

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
    const pending = fs
      .readdirSync(dir)
      .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")) && !done.has(name))
      .sort();
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
