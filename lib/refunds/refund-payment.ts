import { requireRole } from "@/lib/auth/authenticate-api-key";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { canRefund, type OrderStatus } from "@/lib/orders/order-status";
import { issueRefund, type IssuedRefund, type RefundIntent } from "./issue-refund";

/**
 * Refunds a payment directly by its id — an owner's call, and the way to
 * return an `unknown_order` payment that has no order. A payment of an order
 * follows the order's rules (refused while its QR is live); an owner approves
 * their own refund.
 */
export async function refundPayment(ctx: Ctx, input: RefundIntent & { paymentId: string }): Promise<IssuedRefund> {
  requireRole(input.actor, "owner");
  const payment = await ctx.db.payment.findFirst({ where: { id: input.paymentId, storeId: input.actor.storeId }, include: { order: { select: { status: true } } } });
  if (!payment) throw new AppError("not_found", `No payment ${input.paymentId} in this store`);
  if (payment.order && !canRefund(payment.order.status as OrderStatus)) {
    throw new AppError("conflict", `The payment's order is ${payment.order.status}: its QR is still live. Cancel the order before refunding`);
  }
  const { order: _order, ...plain } = payment;
  return issueRefund(ctx, plain, input);
}
