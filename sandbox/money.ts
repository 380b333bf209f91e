import { currencyExponent } from "./currencies";

/** Largest amount accepted anywhere: keeps every sum far inside safe integers. */
export const MAX_AMOUNT = 1_000_000_000_000;

/**
 * The provider's fee: 0.6 % of a payment, rounded half-up, in integer
 * arithmetic (amount × 6 / 1000, +500 before flooring = half-up).
 */
export function paymentFee(amount: number): number {
  return Number((BigInt(amount) * 6n + 500n) / 1000n);
}

/** 2350 CNY → "23.50", 500 JPY → "500": a decimal string, never a float. */
export function minorToDecimal(amount: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const digits = String(amount).padStart(exponent + 1, "0");
  if (exponent === 0) return digits;
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Intl formatting with the ISO exponent (ICU's own digits differ for a few currencies). */
export function formatMoney(amount: number, currency: string, locale: string): string {
  const exponent = currencyExponent(currency);
  const format = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  });
  // A decimal string keeps large amounts exact (Intl.NumberFormat v3).
  return format.format(minorToDecimal(amount, currency) as Intl.StringNumericLiteral);
}
