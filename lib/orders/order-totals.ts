import type { SqlTx } from "@/lib/db/sql-tx";
import { lockRows } from "@/lib/db/lock-rows";

export type OrderTotals = { received: number; refunded: number; refunding: number };

/**
 * An order's totals derived from its payment and refund rows (never
 * accumulated), read inside the transaction that is changing those rows.
 */
export async function orderTotals(tx: SqlTx, orderId: string): Promise<OrderTotals> {
  // PostgreSQL: whoever derives the totals holds the order's row, so the sums include every change committed before.
  await lockRows(tx, "Order", [orderId]);
  // One statement instead of three aggregates: this runs inside every payment's and refund's transaction.
  const [row] = await tx.$queryRaw<{ received: unknown; refunded: unknown; refunding: unknown }[]>`
    SELECT
      (SELECT COALESCE(SUM("amount"), 0) FROM "Payment" WHERE "orderId" = ${orderId}) AS "received",
      (SELECT COALESCE(SUM("amount"), 0) FROM "Refund" WHERE "orderId" = ${orderId} AND "status" = 'succeeded') AS "refunded",
      (SELECT COALESCE(SUM("amount"), 0) FROM "Refund" WHERE "orderId" = ${orderId} AND "status" IN ('sending', 'pending', 'unknown')) AS "refunding"`;
  return {
    received: Number(row?.received ?? 0),
    refunded: Number(row?.refunded ?? 0),
    refunding: Number(row?.refunding ?? 0),
  };
}
