import { dialect } from "./client";
import type { SqlTx } from "./sql-tx";

/** The tables whose rows a money-moving transaction locks before it re-checks them. */
export type LockableTable = "Order" | "Payment" | "Refund" | "Discrepancy" | "Store" | "StatementImport";

/**
 * Takes the row locks a transaction needs before it re-checks an invariant:
 * `SELECT … FOR UPDATE` on PostgreSQL, where transactions run at once (READ
 * COMMITTED), so that a second transaction on the same rows waits for the
 * first to commit and then reads what it wrote. Nothing on SQLite, whose one
 * connection runs one transaction at a time. Rows are locked in id order so
 * that two transactions locking the same set cannot deadlock.
 *
 * Returns true when it locked (PostgreSQL): a caller that read a row before
 * the lock reads it again.
 */
export async function lockRows(tx: SqlTx, table: LockableTable, ids: readonly string[]): Promise<boolean> {
  if (dialect(tx) !== "postgresql" || ids.length === 0) return false;
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${table}" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`, [...ids].sort());
  return true;
}
