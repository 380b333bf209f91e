import { actorRef, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { discrepancyRefundOffer } from "@/lib/reconciliation/discrepancy-refund-offer";
import type { IssuedRefund, RefundIntent } from "./issue-refund";
import { refundPayment } from "./refund-payment";

/**
 * Refunds the payment that opened a discrepancy (a duplicate, an overpayment,
 * a late payment, a payment of no known order), from the Reconciliation page:
 * the owner's refund of that payment by the usual refund flow, recording the
 * discrepancy's id, so that the refund's success resolves it `refunded`
 * (resolve-refunded-discrepancy.ts) — and a failure leaves it open.
 */
export async function refundDiscrepancy(ctx: Ctx, input: RefundIntent & { discrepancyId: string }): Promise<IssuedRefund> {
  const d = await ctx.db.discrepancy.findFirst({ where: { id: input.discrepancyId, storeId: input.actor.storeId } });
  if (!d) throw new AppError("not_found", "No such discrepancy in this store");
  const offer = await discrepancyRefundOffer(ctx, d);
  // A retry of a refund already made for this finding answers that refund again (issueRefund), though nothing is left to offer.
  const retried = !offer && d.paymentId ? await ctx.db.refund.findFirst({ where: { discrepancyId: d.id, requestKey: `${actorRef(input.actor)}:${input.key}` }, select: { id: true } }) : null;
  if (retried && d.paymentId) return refundPayment(ctx, { ...input, paymentId: d.paymentId, discrepancyId: d.id });
  if (!offer) throw new AppError("conflict", "This discrepancy has nothing to refund: it is resolved, covered already, or not resolved by a refund");
  return refundPayment(ctx, { ...input, paymentId: offer.paymentId, discrepancyId: d.id });
}
