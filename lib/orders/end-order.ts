import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { openDiscrepancy } from "@/lib/reconciliation/open-discrepancy";
import { onEnd, type OrderStatus } from "./order-status";
import { orderTotals } from "./order-totals";
import { lockRows } from "@/lib/db/lock-rows";

/**
 * Ends a live order (expiry or cancel) inside the caller's transaction, guarded
 * by its current status so that a payment that just turned it paid wins.
 * Returns false when the order was no longer live.
 */
export async function endOrder(tx: Tx, orderId: string, ended: "expired" | "cancelled", actor: string, at: Date): Promise<boolean> {
  await lockRows(tx, "Order", [orderId]);
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { store: true } });
  const totals = await orderTotals(tx, orderId);
  const next = onEnd(order.status as OrderStatus, ended, {
    amount: order.amount,
    received: totals.received,
    refunded: totals.refunded,
    tolerance: order.store.amountTolerance,
  });
  if (next.status === order.status) return false;
  const updated = await tx.order.updateMany({
    where: { id: orderId, status: order.status },
    data: { status: next.status, endedAt: at, cancelledAt: ended === "cancelled" ? at : undefined, nextCheckAt: null },
  });
  if (updated.count === 0) return false;
  await tx.charge.updateMany({ where: { orderId }, data: { status: ended === "cancelled" ? "closed" : "expired", closedAt: at } });
  await recordAudit(
    tx,
    { storeId: order.storeId, actor, action: `order.${ended}`, entityType: "order", entityId: orderId, data: { from: order.status } },
    at,
  );
  if (next.underpaid) {
    await openDiscrepancy(
      tx,
      {
        storeId: order.storeId,
        type: "underpaid",
        dedupeKey: `order:${orderId}:underpaid`,
        orderId,
        expectedAmount: order.amount,
        actualAmount: totals.received,
        currency: order.currency,
      },
      actor,
      at,
    );
  }
  return true;
}
