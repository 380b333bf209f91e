/**
 * The reasons a cashier picks from, stored as these codes (language-neutral;
 * each screen words them in its language). Any other text is a reason typed
 * by hand and is shown as written.
 */
export const REFUND_REASONS = ["goods_returned", "wrong_amount", "paid_twice", "service_issue"] as const;
export type RefundReason = (typeof REFUND_REASONS)[number];

export function isRefundReason(reason: string): reason is RefundReason {
  return (REFUND_REASONS as readonly string[]).includes(reason);
}
