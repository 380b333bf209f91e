import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import { afterPayment, isLatePayment, type OrderStatus } from "@/lib/orders/order-status";
import { orderTotals } from "@/lib/orders/order-totals";
import type { ProviderPayment } from "@/lib/providers/types";
import { applyDeferredRefunds } from "@/lib/notifications/apply-deferred-refunds";
import { openDiscrepancy } from "@/lib/reconciliation/open-discrepancy";

export type PaymentSource = "notification" | "query" | "statement";

export type RecordedPayment =
  | { recorded: false }
  | { recorded: true; paymentId: string; orderId: string | null; storeId: string; status: string | null; becamePaid: boolean };

/**
 * Records one payment the provider took, inside the caller's transaction, and
 * applies the order rules of pos-api.md. Dedupe is the unique constraint on
 * (connection, provider payment id): the same payment learned twice — by a
 * repeated notification, a check, the sweeper or a statement — is a no-op.
 */
export async function recordPayment(
  tx: Tx,
  input: { connectionId: string; connectionStoreId: string; payment: ProviderPayment; source: PaymentSource; at: Date },
): Promise<RecordedPayment> {
  const { payment: p, source, at } = input;
  const order = await tx.order.findUnique({ where: { providerRef: p.merchantRef } });
  const storeId = order?.storeId ?? input.connectionStoreId;
  const late = order ? isLatePayment(order, p.paidAt) : false;
  const id = newId("pay");
  const inserted = await tx.$executeRaw`
    INSERT INTO "Payment" ("id", "storeId", "orderId", "connectionId", "providerPaymentId", "providerChargeId",
      "merchantRef", "amount", "currency", "payer", "paidAt", "recordedAt", "source", "late")
    VALUES (${id}, ${storeId}, ${order?.id ?? null}, ${input.connectionId}, ${p.providerPaymentId}, ${p.providerChargeId},
      ${p.merchantRef}, ${p.amount}, ${p.currency}, ${p.payer}, ${p.paidAt}, ${at}, ${source}, ${late})
    ON CONFLICT ("connectionId", "providerPaymentId") DO NOTHING`;
  if (inserted === 0) return { recorded: false };

  const actor = `provider:${input.connectionId}`;
  await recordAudit(
    tx,
    { storeId, actor, action: "payment.recorded", entityType: "payment", entityId: id, data: { source, amount: p.amount, late } },
    at,
  );
  const base = { storeId, paymentId: id, currency: p.currency };
  if (source !== "notification") {
    await openDiscrepancy(
      tx,
      { ...base, type: "unnotified_payment", dedupeKey: `payment:${id}:unnotified`, orderId: order?.id, expectedAmount: order?.amount, actualAmount: p.amount },
      actor,
      at,
    );
  }
  if (!order) {
    await openDiscrepancy(tx, { ...base, type: "unknown_order", dedupeKey: `payment:${id}:unknown_order`, actualAmount: p.amount }, actor, at);
    await applyDeferredRefunds(tx, input.connectionId, p.providerPaymentId, at);
    return { recorded: true, paymentId: id, orderId: null, storeId, status: null, becamePaid: false };
  }

  const totals = await orderTotals(tx, order.id);
  const store = await tx.store.findUniqueOrThrow({ where: { id: order.storeId } });
  const next = afterPayment(order.status as OrderStatus, late, {
    amount: order.amount,
    received: totals.received,
    refunded: totals.refunded,
    tolerance: store.amountTolerance,
  });
  const becamePaid = next.status === "paid" && order.status !== "paid";
  await tx.order.update({
    where: { id: order.id },
    data: {
      status: next.status,
      amountReceived: totals.received,
      paidAt: becamePaid && !order.paidAt ? at : undefined,
    },
  });
  if (next.status !== order.status) {
    await recordAudit(
      tx,
      { storeId, actor, action: "order.status_changed", entityType: "order", entityId: order.id, data: { from: order.status, to: next.status, payment: id } },
      at,
    );
  }
  if (next.excess) {
    await openDiscrepancy(
      tx,
      { ...base, type: next.excess, dedupeKey: `payment:${id}:excess`, orderId: order.id, expectedAmount: order.amount, actualAmount: totals.received },
      actor,
      at,
    );
  }
  await applyDeferredRefunds(tx, input.connectionId, p.providerPaymentId, at);
  const after = await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
  return { recorded: true, paymentId: id, orderId: order.id, storeId, status: after.status, becamePaid };
}
