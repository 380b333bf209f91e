/**
 * With TILL_TEST_DB=postgres, migrates one template database for the run;
 * every harness copies it (CREATE DATABASE … TEMPLATE), which costs far less
 * than migrating each time. Dropped at the end.
 */
import { migrateDatabase } from "@/lib/db/migrate";
import { createDatabase, dropDatabase, pgUrl, TEST_DIALECT, testDatabaseName } from "./postgres";

export default async function setup(): Promise<(() => Promise<void>) | void> {
  if (TEST_DIALECT !== "postgresql") return;
  const template = testDatabaseName("template");
  await createDatabase(template);
  await migrateDatabase(pgUrl(template));
  // Read by the test workers, which start after this.
  process.env.TILL_TEST_PG_TEMPLATE = template;
  return () => dropDatabase(template);
}
