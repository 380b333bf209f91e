import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * The refund rules of pos-api.md and provider-protocol.md that more than one
 * use case needs, in one place.
 */

/** A payment takes at most this many refunds (422 refund_limit_reached), as WeChat Pay allows. */
export const MAX_REFUNDS_PER_PAYMENT = 50;

/** Till's waiting states: reserved and not yet answered, accepted by the provider, or a call that timed out. */
export const WAITING_STATUSES = ["sending", "pending", "unknown"] as const;

/** Statuses whose amount is no longer refundable: refundable = received − (pending + succeeded). */
export const HOLDING_STATUSES = [...WAITING_STATUSES, "succeeded"] as const;

/**
 * Refunds the provider holds or may hold: all but reservations released
 * before they reached it (failed without a provider id). These count toward
 * the 50 per payment.
 */
export const notReleased: Prisma.RefundWhereInput = { NOT: { status: "failed", providerRefundId: null } };

/** The largest reason Sandbox Pay (and WeChat's 80 characters, after trimming) accepts; kept short for receipts. */
export const MAX_REASON_LENGTH = 80;

/** The longest the refund sweeper waits between two looks at a refund that is still waiting. */
export const MAX_REFUND_CHECK_DELAY_S = 30 * 60;

/**
 * When the sweeper looks at a waiting refund again, after `attempts` looks
 * that left it waiting: every TILL_SWEEP_EVERY_S after the first, then twice
 * as long after each further one, at most MAX_REFUND_CHECK_DELAY_S — so that a
 * provider that keeps failing or timing out is asked less and less often,
 * never every pass.
 */
export function nextRefundCheck(at: Date, attempts: number, everyS: number): Date {
  const delayS = Math.min(everyS * 2 ** Math.max(0, attempts - 1), MAX_REFUND_CHECK_DELAY_S);
  return new Date(at.getTime() + delayS * 1000);
}
