import { z } from "zod";
import type { Payment, Refund } from "@/lib/generated/prisma/client";
import type { OrderRecord } from "./load-order";
import { ORDER_ITEM_KINDS, OrderStatusSchema, PaymentResponse, type OrderItemResponse, type OrderResponse, type RefundResponse } from "./order-response";

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The column is a plain string: a kind outside the API's is a bug to surface, not to pass on. */
const itemKind = (kind: string) => z.enum(ORDER_ITEM_KINDS).parse(kind);

/**
 * The Order object of API v1 (pos-api.md). Ids are Till's; provider ids only in provider_* fields.
 * Typed against OrderResponse, the schema openapi.json is generated from, so the two cannot drift.
 */
export function orderJson(order: OrderRecord): OrderResponse {
  const pendingRefunds = order.refunds
    .filter((r) => r.status === "sending" || r.status === "pending" || r.status === "unknown")
    .reduce((sum, r) => sum + r.amount, 0);
  return {
    id: order.id,
    reference: order.reference,
    provider_ref: order.providerRef,
    // The database column is a plain string: a value outside the API's statuses is a bug to surface, not to pass on.
    status: OrderStatusSchema.parse(order.status),
    amount: order.amount,
    currency: order.currency,
    items: orderJsonItems(order),
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
    payments: order.payments.map(paymentJson),
    refunds: order.refunds.map(refundJson),
  };
}

function paymentJson(p: Payment): PaymentResponse {
  return {
    id: p.id,
    provider_payment_id: p.providerPaymentId,
    amount: p.amount,
    currency: p.currency,
    paid_at: p.paidAt.toISOString(),
    source: PaymentResponse.shape.source.parse(p.source),
    late: p.late,
  };
}

/** A refund as API v1 shows it (in an order, and as the answer to a refund request). */
export function refundJson(r: Refund): RefundResponse {
  return {
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
  };
}

export type OrderJson = OrderResponse;

/** An order's lines as API v1 shows them. */
export function orderJsonItems(order: Pick<OrderRecord, "items">): OrderItemResponse[] {
  return order.items.map((i) => ({
    kind: itemKind(i.kind),
    name: i.name,
    names: i.nameEn !== null && i.nameZh !== null ? { en: i.nameEn, "zh-CN": i.nameZh } : null,
    unit_amount: i.unitAmount,
    quantity: i.quantity,
  }));
}
