import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": fileURLToPath(new URL(".", import.meta.url)).replace(/\/$/, "") } },
  test: {
    include: ["{lib,sandbox,app,scripts,test,components}/**/*.test.ts"],
    environment: "node",
    // TILL_TEST_DB=postgres: a migrated template database for the run (test/postgres.ts).
    globalSetup: ["test/global-setup.ts"],
    // Request lines of the in-process Sandbox Pay and receiver would drown the report; warnings and errors still show.
    env: { TILL_LOG_LEVEL: "warn" },
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
