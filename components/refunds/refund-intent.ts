/**
 * The idempotency key of a refund being made, kept in sessionStorage per
 * payment with what it is for: pressing again, retrying after a lost answer or
 * reloading the page sends the same key (the same refund); changing the amount
 * or the reason is another intent and gets a new key.
 */
const storageKey = (paymentId: string) => `till.refund.${paymentId}`;

type Intent = { key: string; amount: number; reason: string };

export function refundIntentKey(paymentId: string, intent: { amount: number; reason: string }): string {
  const raw = sessionStorage.getItem(storageKey(paymentId));
  const saved = raw ? (JSON.parse(raw) as Partial<Intent>) : null;
  if (saved?.key && saved.amount === intent.amount && saved.reason === intent.reason) return saved.key;
  const key = crypto.randomUUID();
  sessionStorage.setItem(storageKey(paymentId), JSON.stringify({ key, ...intent } satisfies Intent));
  return key;
}

/** Once the refund is made, the next one is a new intent. */
export function forgetRefundIntent(paymentId: string): void {
  sessionStorage.removeItem(storageKey(paymentId));
}
