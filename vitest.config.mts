import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "");
const INCLUDE = ["{lib,sandbox,app,scripts,test,components}/**/*.test.ts"];
/** Runs in the PostgreSQL run only (it needs the server). */
const POSTGRES_ONLY = ["lib/db/schema-drift-postgres.test.ts", "lib/events/postgres-bus.test.ts", "lib/db/two-servers.test.ts"];

/**
 * TILL_TEST_DB=postgres runs the integration tests — every file that starts
 * the harness (test/harness.ts), which gets a fresh PostgreSQL database — and
 * the PostgreSQL schema-drift test; the rest do not touch Till's database. Files that
 * read the SQLite file itself stay SQLite-only.
 */
const SQLITE_ONLY = new Set([
  "lib/api/edge-fuzz.test.ts", // checksums every table through the SQLite file
  "lib/notifications/lock-contention.test.ts", // holds SQLite's write lock from a second process
]);
function postgresFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith(".test.ts") && !SQLITE_ONLY.has(rel) && /\bstartHarness\b/.test(readFileSync(path.join(root, rel), "utf8"))) files.push(rel);
    }
  };
  for (const dir of ["lib", "sandbox", "app", "scripts", "test", "components"]) walk(dir);
  return [...new Set([...files.sort(), ...POSTGRES_ONLY])];
}

export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    include: process.env.TILL_TEST_DB === "postgres" ? postgresFiles() : INCLUDE,
    exclude: process.env.TILL_TEST_DB === "postgres" ? [] : POSTGRES_ONLY,
    environment: "node",
    // TILL_TEST_DB=postgres: a migrated template database for the run (test/postgres.ts).
    globalSetup: ["test/global-setup.ts"],
    // Request lines of the in-process Sandbox Pay and receiver would drown the report; warnings and errors still show.
    env: { TILL_LOG_LEVEL: "warn" },
    pool: "forks",
    // Both cores (Vitest's default leaves one idle): the integration tests spend much of their time waiting on
    // SQLite's fsync, PostgreSQL and Sandbox Pay over HTTP.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
