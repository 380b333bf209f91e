import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { afterRefundSettled } from "@/lib/orders/order-status";
import { orderTotals } from "@/lib/orders/order-totals";
import { lockRows } from "@/lib/db/lock-rows";

/**
 * Recomputes an order's refund totals from its refund rows and its status by
 * order rule 6, inside the transaction that changed a refund. Returns the
 * status, so that the caller can tell the screens after the commit.
 */
export async function refreshOrderAfterRefund(tx: Tx, { orderId, refundId, actor, at }: { orderId: string; refundId: string; actor: string; at: Date }): Promise<string> {
  await lockRows(tx, "Order", [orderId]);
  const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
  const totals = await orderTotals(tx, order.id);
  const status = afterRefundSettled(order.status, totals);
  await tx.order.update({ where: { id: order.id }, data: { status, amountRefunded: totals.refunded, amountRefunding: totals.refunding } });
  if (status !== order.status) {
    await recordAudit(tx, { storeId: order.storeId, actor, action: "order.status_changed", entityType: "order", entityId: order.id, data: { from: order.status, to: status, refund: refundId } }, at);
  }
  return status;
}
