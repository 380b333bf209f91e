/**
 * PostgreSQL for the integration tests (TILL_TEST_DB=postgres): a template
 * database migrated once per run (test/global-setup.ts), and a fresh database
 * copied from it for each harness, dropped when the harness closes. Only
 * databases named `till_pg_*` are ever created or dropped.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";

/** Which database the integration tests run on: SQLite unless TILL_TEST_DB=postgres. */
export const TEST_DIALECT: "sqlite" | "postgresql" = process.env.TILL_TEST_DB === "postgres" ? "postgresql" : "sqlite";

/** The server's maintenance database (TILL_TEST_PG_URL, default the local PostgreSQL's `postgres`). */
export const PG_ADMIN_URL = process.env.TILL_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** The URL of a database `name` on the same server. */
export function pgUrl(name: string): string {
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A name for a new test database. */
export function testDatabaseName(kind: string): string {
  return `till_pg_${kind}_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function checked(name: string): string {
  if (!/^till_pg_[a-z0-9_]+$/.test(name)) throw new Error(`tests only create and drop till_pg_* databases, not ${name}`);
  return `"${name}"`;
}

/** Creates an empty database, or a copy of `template`. */
export function createDatabase(name: string, template?: string): Promise<void> {
  return admin(async (c) => {
    await c.query(`CREATE DATABASE ${checked(name)}${template ? ` TEMPLATE ${checked(template)}` : ""}`);
  });
}

/** Drops a test database, closing whatever connections are left on it. */
export function dropDatabase(name: string): Promise<void> {
  return admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${checked(name)} WITH (FORCE)`);
  });
}

/** A fresh, migrated database for one harness: a copy of the run's template. */
export async function freshTestDatabase(): Promise<{ name: string; url: string }> {
  const template = process.env.TILL_TEST_PG_TEMPLATE;
  if (!template) throw new Error("TILL_TEST_DB=postgres needs the template database test/global-setup.ts creates");
  const name = testDatabaseName("t");
  await createDatabase(name, template);
  return { name, url: pgUrl(name) };
}
