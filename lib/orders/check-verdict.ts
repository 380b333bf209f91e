/**
 * What the cashier is told after "customer says paid" — whether to hand over
 * the goods — from the order as the provider's answer left it. Only a `paid`
 * order means yes: money that came in for a cancelled or expired order is the
 * owner's to accept or refund, and a refunded order has given its money back.
 */
export type CheckVerdict = "paid" | "not_paid" | "partially_paid" | "paid_after_end" | "refunded";

export function checkVerdict(order: { status: string; amount_received: number }): CheckVerdict {
  switch (order.status) {
    case "paid":
      return "paid";
    case "refunded":
      return "refunded";
    case "partially_paid":
      return "partially_paid";
    case "open":
      return "not_paid";
    default:
      // expired or cancelled
      return order.amount_received > 0 ? "paid_after_end" : "not_paid";
  }
}
