/**
 * The order state machine of pos-api.md as pure functions, so that every rule
 * lives in one place and is tested without a database.
 */

export const ORDER_STATUSES = ["open", "partially_paid", "paid", "expired", "cancelled", "refunded"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Statuses in which the QR is live: cancellable, swept, not refundable. */
export const LIVE_STATUSES: readonly OrderStatus[] = ["open", "partially_paid"];

export function isLive(status: string): boolean {
  return status === "open" || status === "partially_paid";
}

export type ExcessKind = "late_payment" | "duplicate_payment" | "overpaid";

type Amounts = { amount: number; received: number; refunded: number; tolerance: number };

/**
 * Rule 4: a payment is late when the provider took it after the order's expiry,
 * or when the order had been cancelled at the counter. Till reads "any payment
 * after a cancel" as any payment it learns of once the order is cancelled: the
 * cashier has told the customer the sale is off, so the owner must decide.
 */
export function isLatePayment(order: { status: string; expiresAt: Date }, paidAt: Date): boolean {
  return order.status === "cancelled" || paidAt.getTime() > order.expiresAt.getTime();
}

/**
 * The provider's time at which an order's payments first added up to what it
 * needed (amount − tolerance): the `paid_at` of the payment that made it paid,
 * whatever order Till learned of them in. Null while they do not add up.
 */
export function paidAtOf(payments: { amount: number; paidAt: Date }[], needed: number): Date | null {
  let sum = 0;
  for (const p of [...payments].sort((a, b) => a.paidAt.getTime() - b.paidAt.getTime())) {
    sum += p.amount;
    if (sum >= needed) return p.paidAt;
  }
  return null;
}

/** Rules 3 and 6: what the amounts alone say of an order that has been paid for. */
export function settledStatus(a: Amounts): OrderStatus {
  if (a.received > 0 && a.refunded >= a.received) return "refunded";
  return a.received >= a.amount - a.tolerance ? "paid" : "partially_paid";
}

/**
 * The status after a payment is recorded (received already includes it), and
 * the one excess discrepancy it opens, by pos-api.md's precedence
 * late › duplicate › overpaid.
 */
export function afterPayment(status: OrderStatus, late: boolean, a: Amounts): { status: OrderStatus; excess: ExcessKind | null } {
  if (late) {
    // Rule 4: a late payment leaves expired/cancelled as it is.
    const next = status === "expired" || status === "cancelled" ? status : settledStatus(a);
    return { status: next, excess: "late_payment" };
  }
  if (status === "paid" || status === "refunded") {
    return { status: settledStatus(a), excess: "duplicate_payment" };
  }
  // open, partially_paid, or expired/cancelled learning of an in-time payment.
  const next = settledStatus(a);
  const overpaid = a.received > a.amount + a.tolerance;
  return { status: next, excess: overpaid ? "overpaid" : null };
}

/** Rule 5: what an order becomes when its QR ends (expiry or cancel), and whether it is underpaid. */
export function onEnd(status: OrderStatus, ended: "expired" | "cancelled", a: Amounts): { status: OrderStatus; underpaid: boolean } {
  if (!isLive(status)) return { status, underpaid: false };
  return { status: ended, underpaid: a.received > 0 && a.received < a.amount - a.tolerance };
}

/** Rule 7: refunds wait until the QR is no longer live. */
export function canRefund(status: OrderStatus): boolean {
  return !isLive(status);
}

/** Rule 6: refunded once refunds cover everything received; a later payment takes it back to what its amounts say. */
export function afterRefundSettled(status: string, t: { received: number; refunded: number }): string {
  if (t.received > 0 && t.refunded >= t.received) return "refunded";
  if (status === "refunded") return "paid";
  return status;
}
