/**
 * The order reference a receipt's QR holds (T1-000123), read from what a
 * camera or a person gave: surrounding spaces dropped, letters upper-cased.
 * Null when it cannot be a reference (a payment QR, a URL, anything else).
 */
export function receiptReference(text: string): string | null {
  const candidate = text.trim().toUpperCase();
  return /^[A-Z0-9]{1,16}-\d{1,12}$/.test(candidate) ? candidate : null;
}
