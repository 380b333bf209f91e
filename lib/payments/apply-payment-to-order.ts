import { recordAudit } from "@/lib/audit/record-audit";
import { decodeRow } from "@/lib/db/decode-row";
import type { SqlTx } from "@/lib/db/sql-tx";
import type { Order } from "@/lib/generated/prisma/client";
import { afterPayment, isLive, paidAtOf, type OrderStatus } from "@/lib/orders/order-status";
import { orderTotals } from "@/lib/orders/order-totals";
import { openDiscrepancy } from "@/lib/reconciliation/open-discrepancy";
import type { PaymentSource } from "./record-payment";

/**
 * The order side of a newly recorded payment: recompute the totals from the
 * payment rows, move the status by the order rules, and open the findings —
 * unnotified_payment, then at most one of late › duplicate › overpaid — with
 * the amount the order had received after this payment.
 */
export async function applyPaymentToOrder(
  tx: SqlTx,
  {
    order,
    paymentId,
    late,
    source,
    currency,
    actor,
    checkedBy,
    at,
  }: { order: Order; paymentId: string; late: boolean; source: PaymentSource; currency: string; actor: string; checkedBy?: string; at: Date },
): Promise<{ becamePaid: boolean; status: string }> {
  const totals = await orderTotals(tx, order.id);
  // Plain SQL in this function: it runs inside every payment's transaction (see record-payment.ts).
  const [store] = await tx.$queryRaw<{ amountTolerance: number }[]>`SELECT "amountTolerance" FROM "Store" WHERE "id" = ${order.storeId}`;
  if (!store) throw new Error(`Order ${order.id} names no store`);
  const next = afterPayment(order.status as OrderStatus, late, {
    amount: order.amount,
    received: totals.received,
    refunded: totals.refunded,
    tolerance: store.amountTolerance,
  });
  // partially_paid means "QR still live". An order whose QR has ended stays
  // ended, and what it lacks is its underpaid discrepancy (rule 5).
  const stillShort = next.status === "partially_paid" && !isLive(order.status);
  const status = stillShort ? order.status : next.status;
  const becamePaid = status === "paid" && order.status !== "paid";
  // paid_at is the provider's time of the payment that made the order paid, not when Till heard of it.
  const paidAt = becamePaid && !order.paidAt ? paidAtOf(await paymentsOf(tx, order.id), order.amount - store.amountTolerance) : null;
  await tx.$executeRaw`UPDATE "Order" SET "status" = ${status}, "amountReceived" = ${totals.received}, "paidAt" = COALESCE(${paidAt}, "paidAt") WHERE "id" = ${order.id}`;
  if (status !== order.status) {
    await recordAudit(
      tx,
      { storeId: order.storeId, actor, action: "order.status_changed", entityType: "order", entityId: order.id, data: { from: order.status, to: status, payment: paymentId } },
      at,
    );
  }
  const finding = { storeId: order.storeId, orderId: order.id, paymentId, currency, expectedAmount: order.amount, actualAmount: totals.received };
  if (source !== "notification") {
    // pos-api.md: found by the cashier's own check and turning the order paid, the goods were handed
    // over on that answer — the finding is recorded, already accepted by that cashier.
    const resolved = checkedBy && becamePaid ? { resolution: "accepted", by: checkedBy, note: "Found by the cashier's check; the order became paid and the goods were handed over on that answer." } : undefined;
    await openDiscrepancy(tx, { ...finding, type: "unnotified_payment", dedupeKey: `payment:${paymentId}:unnotified`, resolved }, actor, at);
  }
  if (next.excess) {
    await openDiscrepancy(tx, { ...finding, type: next.excess, dedupeKey: `payment:${paymentId}:excess` }, actor, at);
  }
  const underpaidKey = `order:${order.id}:underpaid`;
  if (stillShort) {
    await openDiscrepancy(tx, { ...finding, paymentId: null, type: "underpaid", dedupeKey: underpaidKey }, actor, at);
  }
  // An open underpaid finding always shows what the order has received by now.
  await tx.$executeRaw`UPDATE "Discrepancy" SET "actualAmount" = ${totals.received} WHERE "dedupeKey" = ${underpaidKey} AND "status" = 'open'`;
  return { becamePaid, status };
}

/** The order's payments' amounts and times, for its paid_at. */
async function paymentsOf(tx: SqlTx, orderId: string): Promise<{ amount: number; paidAt: Date }[]> {
  const rows = await tx.$queryRaw<Record<string, unknown>[]>`SELECT "amount", "paidAt" FROM "Payment" WHERE "orderId" = ${orderId}`;
  return rows.map((row) => decodeRow<{ amount: number; paidAt: Date }>(tx, "Payment", row));
}
