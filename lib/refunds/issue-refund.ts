import { verifyApproverPin } from "@/lib/auth/verify-approver-pin";
import { validateIdempotencyKey } from "@/lib/api/idempotency";
import { actorRef, hasRole, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Payment, Refund } from "@/lib/generated/prisma/client";
import { publishOrderChange } from "./publish-order-change";
import { reserveRefund } from "./reserve-refund";
import { sendRefund } from "./send-refund";

export type RefundIntent = {
  actor: Actor;
  amount: number;
  reason: string;
  /** The caller's idempotency key for this refund intent (the API's Idempotency-Key). */
  key: string;
  /** An owner's PIN, for a cashier above the store's approval threshold. */
  approverPin?: string;
  /** The discrepancy this refund returns money for (refund-discrepancy.ts). */
  discrepancyId?: string;
};

export type IssuedRefund = { refund: Refund; created: boolean };

/**
 * Issues a refund of one payment, once per intent: the refund already made for
 * the same key is returned as it is (`created: false`); the same key for
 * another refund is a 409. Otherwise: approval (an owner approves themselves;
 * a cashier's `approverPin` names the approving owner) → the reservation, in
 * one transaction that re-checks every rule → the provider call, outside any
 * transaction → its answer recorded.
 */
export async function issueRefund(ctx: Ctx, payment: Payment, intent: RefundIntent): Promise<IssuedRefund> {
  const { actor, amount, reason } = intent;
  if (!Number.isSafeInteger(amount) || amount <= 0) {
    throw new AppError("invalid_request", "The amount must be a positive integer of minor units", { errors: [{ path: "amount", message: "must be a positive integer" }] });
  }
  const requestedBy = actorRef(actor);
  const requestKey = `${requestedBy}:${validateIdempotencyKey(intent.key)}`;
  const before = await ctx.db.refund.findUnique({ where: { storeId_requestKey: { storeId: payment.storeId, requestKey } } });
  if (before) return sameIntent(before, payment.id, intent);

  let approvedBy: string | null = hasRole(actor.role, "owner") ? requestedBy : null;
  if (!approvedBy && intent.approverPin !== undefined) {
    const approver = await verifyApproverPin(ctx, { storeId: actor.storeId, pin: intent.approverPin });
    approvedBy = `staff:${approver.staffId}`;
  }
  const reserved = await reserveRefund(ctx, { payment, amount, reason, requestedBy, approvedBy, requestKey, discrepancyId: intent.discrepancyId });
  if (!reserved.created) return sameIntent(reserved.refund, payment.id, intent);
  await publishOrderChange(ctx, payment.orderId);
  return { refund: await sendRefund(ctx, reserved.refund), created: true };
}

/** The refund an intent's key already made: the same refund again, or a 409 when the key was used for another. */
function sameIntent(refund: Refund, paymentId: string, intent: RefundIntent): IssuedRefund {
  if (refund.paymentId !== paymentId || refund.amount !== intent.amount || refund.reason !== intent.reason) {
    throw new AppError("conflict", "This idempotency key was already used for a different refund");
  }
  return { refund, created: false };
}
