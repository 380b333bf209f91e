import type { OrderRecord } from "./load-order";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The Order object of API v1 (pos-api.md). Ids are Till's; provider ids only in provider_* fields. */
export function orderJson(order: OrderRecord) {
  const pendingRefunds = order.refunds
    .filter((r) => r.status === "sending" || r.status === "pending" || r.status === "unknown")
    .reduce((sum, r) => sum + r.amount, 0);
  return {
    id: order.id,
    reference: order.reference,
    provider_ref: order.providerRef,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    items: order.items.map((i) => ({ name: i.name, unit_amount: i.unitAmount, quantity: i.quantity })),
    note: order.note,
    amount_received: order.amountReceived,
    amount_refunded: order.amountRefunded,
    amount_refundable: Math.max(0, order.amountReceived - order.amountRefunded - pendingRefunds),
    qr_content: order.charge?.qrContent ?? null,
    qr_svg_url: `/api/v1/orders/${order.id}/qr.svg`,
    expires_at: order.expiresAt.toISOString(),
    created_at: order.createdAt.toISOString(),
    paid_at: iso(order.paidAt),
    cancelled_at: iso(order.cancelledAt),
    payments: order.payments.map((p) => ({
      id: p.id,
      provider_payment_id: p.providerPaymentId,
      amount: p.amount,
      currency: p.currency,
      paid_at: p.paidAt.toISOString(),
      source: p.source,
      late: p.late,
    })),
    refunds: order.refunds.map((r) => ({
      id: r.id,
      payment_id: r.paymentId,
      provider_refund_id: r.providerRefundId,
      amount: r.amount,
      // "sending" and "unknown" are Till's own waiting states; to callers they are pending.
      status: r.status === "succeeded" || r.status === "failed" ? r.status : "pending",
      reason: r.reason,
      requested_by: r.requestedBy,
      approved_by: r.approvedBy,
      created_at: r.createdAt.toISOString(),
    })),
  };
}

export type OrderJson = ReturnType<typeof orderJson>;
