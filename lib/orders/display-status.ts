import type { OrderStatus } from "./order-status";

/**
 * What an order's status says to people. The stored status alone can mislead:
 * a late payment leaves an expired or cancelled order as it is (pos-api.md,
 * rule 4), so "Expired — not paid" would hide money the shop holds. Such an
 * order reads "expired, money received" until it is accepted or refunded.
 */
export type DisplayStatus = Exclude<OrderStatus, "expired" | "cancelled"> | "expired" | "expired_received" | "cancelled" | "cancelled_received";

export function displayStatus(order: { status: string; amountReceived: number }): DisplayStatus {
  switch (order.status) {
    case "expired":
      return order.amountReceived > 0 ? "expired_received" : "expired";
    case "cancelled":
      return order.amountReceived > 0 ? "cancelled_received" : "cancelled";
    case "open":
    case "partially_paid":
    case "paid":
    case "refunded":
      return order.status;
    default:
      throw new Error(`unknown order status ${order.status}`);
  }
}
