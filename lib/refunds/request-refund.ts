import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { loadOrder } from "@/lib/orders/load-order";
import { canRefund, type OrderStatus } from "@/lib/orders/order-status";
import { issueRefund, type IssuedRefund, type RefundIntent } from "./issue-refund";

export type RequestRefundInput = RefundIntent & {
  /** The order's id (ord_…) or its reference (T1-000123). */
  orderId: string;
  /** Required when the order has several payments. */
  paymentId?: string;
};

/**
 * Refunds all or part of a payment of an order — what a cashier does at the
 * counter, through the API (`POST /api/v1/orders/{id}/refunds`) or the order
 * screen. Refused while the order's QR is live (rule 7: cancel first); the
 * payment must be named when the order has several. The refund is `pending`
 * until the provider confirms (see issueRefund for the rest).
 */
export async function requestRefund(ctx: Ctx, input: RequestRefundInput): Promise<IssuedRefund> {
  const order = await loadOrder(ctx.db, input.actor.storeId, input.orderId);
  if (!order) throw new AppError("not_found", `No order ${input.orderId} in this store`);
  if (!canRefund(order.status as OrderStatus)) {
    throw new AppError("conflict", `The order is ${order.status}: its QR is still live. Cancel the order before refunding`);
  }
  let payment;
  if (input.paymentId !== undefined) {
    payment = order.payments.find((p) => p.id === input.paymentId);
    if (!payment) {
      throw new AppError("invalid_request", `${input.paymentId} is not a payment of order ${order.reference}`, { errors: [{ path: "payment_id", message: "not a payment of this order" }] });
    }
  } else if (order.payments.length > 1) {
    throw new AppError("invalid_request", "The order has several payments: say which one with payment_id", { errors: [{ path: "payment_id", message: "required: the order has several payments" }] });
  } else {
    payment = order.payments[0];
    if (!payment) throw new AppError("amount_exceeds_refundable", "Nothing was received for this order, so nothing can be refunded", { extra: { amount_refundable: 0 } });
  }
  return issueRefund(ctx, payment, input);
}
