import { z } from "zod";
import { MAX_AMOUNT } from "@/lib/money";
import { MAX_REASON_LENGTH } from "./refund-rules";

/** API v1 request schemas for refunds. Strict: an unknown field is a 422, not silently ignored. */

const refundFields = {
  amount: z.int("must be an integer number of minor units (fen)").min(1, "must be at least 1").max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`).describe("minor units to refund"),
  reason: z.string().trim().min(1, "say why").max(MAX_REASON_LENGTH).describe("why the money goes back; kept with the refund and sent to the provider"),
  approver_pin: z
    .string()
    .regex(/^\d{4,8}$/, "4 to 8 digits")
    .optional()
    .describe("an owner's PIN, needed by a cashier key when the refund takes the order's refunded-or-pending total above the store's approval threshold; a wrong PIN counts toward the owners' lockout. Not part of what an Idempotency-Key compares: a retry with the same key may add it after 403 approval_required"),
};

export const orderRefundBody = z.strictObject({
  ...refundFields,
  payment_id: z.string().min(1).max(64).optional().describe("the payment to refund (pay_…); required when the order has several"),
});

export const paymentRefundBody = z.strictObject(refundFields);

export type OrderRefundBody = z.infer<typeof orderRefundBody>;

/**
 * What makes two refund calls with one Idempotency-Key the same request: the
 * body without the approver's PIN. The PIN is a credential, not part of the
 * refund (its stored hash could be brute-forced), and a retry that adds it
 * after a 403 approval_required is the same refund.
 */
export function refundFingerprint<B extends { approver_pin?: string }>(body: B): Omit<B, "approver_pin"> {
  const { approver_pin: _pin, ...refund } = body;
  return refund;
}
