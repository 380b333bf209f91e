/**
 * Creates a fresh, empty PostgreSQL database for the two-server e2e journey
 * (playwright.config.ts, project "chain") and prints its URL; `npm start`
 * migrates it. The server is TILL_TEST_PG_URL's (default the local one). Only
 * `till_pg_e2e_*` databases are created; those left by runs more than two
 * hours old are dropped.
 */
import pg from "pg";
import { createDatabase, dropDatabase, PG_ADMIN_URL, pgUrl } from "@/test/postgres";

async function main() {
  const now = Date.now();
  const name = `till_pg_e2e_${now}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'till_pg_e2e_%'");
    for (const { datname } of rows) {
      const at = Number(/^till_pg_e2e_(\d+)$/.exec(datname)?.[1]);
      if (at && now - at > 2 * 3_600_000) await dropDatabase(datname);
    }
  } finally {
    await admin.end();
  }
  await createDatabase(name);
  process.stdout.write(`${pgUrl(name)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
