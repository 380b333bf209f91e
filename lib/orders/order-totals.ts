import type { Tx } from "@/lib/db/client";
import { lockRows } from "@/lib/db/lock-rows";

export type OrderTotals = { received: number; refunded: number; refunding: number };

/**
 * An order's totals derived from its payment and refund rows (never
 * accumulated), read inside the transaction that is changing those rows.
 */
export async function orderTotals(tx: Tx, orderId: string): Promise<OrderTotals> {
  // PostgreSQL: whoever derives the totals holds the order's row, so the sums include every change committed before.
  await lockRows(tx, "Order", [orderId]);
  const [payments, refunded, refunding] = await Promise.all([
    tx.payment.aggregate({ where: { orderId }, _sum: { amount: true } }),
    tx.refund.aggregate({ where: { orderId, status: "succeeded" }, _sum: { amount: true } }),
    tx.refund.aggregate({ where: { orderId, status: { in: ["sending", "pending", "unknown"] } }, _sum: { amount: true } }),
  ]);
  return {
    received: payments._sum.amount ?? 0,
    refunded: refunded._sum.amount ?? 0,
    refunding: refunding._sum.amount ?? 0,
  };
}
