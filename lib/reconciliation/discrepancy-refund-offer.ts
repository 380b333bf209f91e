import type { Ctx } from "@/lib/context";
import type { Discrepancy } from "@/lib/generated/prisma/client";
import { HOLDING_STATUSES } from "@/lib/refunds/refund-rules";
import { discrepancyTypeOf, type DiscrepancyType } from "./discrepancy-types";
import { refundDue } from "./refund-due";
import { inTurn } from "@/lib/db/in-turn";

/** The findings refunded from the Reconciliation page, through the refund flow (issue 10, item 5). */
export const REFUNDED_FROM_DISCREPANCY: readonly DiscrepancyType[] = ["duplicate_payment", "overpaid", "late_payment", "unknown_order"];

export type DiscrepancyRefundOffer = {
  discrepancyId: string;
  paymentId: string;
  orderId: string | null;
  /** What is still to go back for the finding (REFUND_COVERS), less what refunds already hold: the dialog's preset amount. */
  preset: number;
  /** What the payment can still give back at most. */
  refundable: number;
};

/**
 * What refunding an open discrepancy would return, from which payment: the
 * payment that opened it. Null when the finding is not one refunded from the
 * page, is resolved, or has nothing left to return.
 */
export async function discrepancyRefundOffer(ctx: Ctx, d: Discrepancy): Promise<DiscrepancyRefundOffer | null> {
  const type = discrepancyTypeOf(d);
  if (d.status !== "open" || !d.paymentId || !REFUNDED_FROM_DISCREPANCY.includes(type)) return null;
  const paymentId = d.paymentId;
  return ctx.db.$transaction(async (tx) => {
    const [owed, payment, held] = await inTurn([
      () => refundDue(tx, d, type),
      () => tx.payment.findUnique({ where: { id: paymentId }, select: { amount: true, orderId: true } }),
      () => tx.refund.aggregate({ where: { paymentId, status: { in: [...HOLDING_STATUSES] } }, _sum: { amount: true } }),
    ]);
    if (!owed || !payment) return null;
    const refundable = payment.amount - (held._sum.amount ?? 0);
    const preset = Math.min(refundable, owed.due - owed.covered - owed.waiting);
    if (preset <= 0) return null;
    return { discrepancyId: d.id, paymentId, orderId: payment.orderId, preset, refundable };
  });
}
