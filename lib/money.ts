/**
 * Money in Till is an integer of minor units (fen for CNY) next to an ISO 4217
 * code. It becomes text only here, for people; typed text becomes minor units
 * only here, from its digits — never by multiplying a float (19.99 times one
 * hundred is 1998.9999… in binary floating point).
 */

/** Largest amount Till accepts for one order or payment: 10,000,000.00 in a 2-decimal currency. */
export const MAX_AMOUNT = 1_000_000_000;

const exponents = new Map<string, number>();

/** True for a currency code that ISO 4217 (as known to ICU) lists. */
export function isCurrency(code: string): boolean {
  return /^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code);
}

/** Digits after the decimal point in the currency's major unit (CNY 2, JPY 0, KWD 3). */
export function currencyExponent(currency: string): number {
  let exponent = exponents.get(currency);
  if (exponent === undefined) {
    exponent = new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
    exponents.set(currency, exponent);
  }
  return exponent;
}

/** "2350", CNY → "23.50": exact, without floating point. */
export function toDecimalString(minor: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const sign = minor < 0 ? "-" : "";
  const digits = Math.abs(minor).toString().padStart(exponent + 1, "0");
  if (exponent === 0) return sign + digits;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

/** Formats minor units for people, e.g. 2350 CNY → "¥23.50" (en) / "¥23.50" (zh-CN). */
export function formatMoney(minor: number, currency: string, locale = "zh-CN"): string {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency });
  // A decimal string keeps the exact value (Intl formats strings without float rounding).
  return format.format(toDecimalString(minor, currency) as unknown as number);
}

/**
 * Parses an amount typed by a person ("23.5", "23.50", "1,234.00") into minor
 * units. Returns null when it is not a plain positive amount in that currency:
 * more decimals than the currency has, signs, exponents, or above MAX_AMOUNT.
 */
export function parseAmount(text: string, currency: string): number | null {
  const exponent = currencyExponent(currency);
  const cleaned = text.trim().replace(/[,\s_]/g, "");
  const match = /^(\d+)(?:\.(\d*))?$/.exec(cleaned);
  if (!match) return null;
  const whole = match[1] ?? "";
  const fraction = match[2] ?? "";
  if (fraction.length > exponent) return null;
  const minor = BigInt(whole + fraction.padEnd(exponent, "0"));
  if (minor > BigInt(MAX_AMOUNT)) return null;
  return Number(minor);
}

/**
 * The keypad builds an amount like a cash register: each digit shifts in from
 * the right in minor units (2, 3, 5, 0 → 23.50). Returns the old amount when the
 * new one would pass MAX_AMOUNT.
 */
export function appendDigits(minor: number, digits: string): number {
  if (!/^\d+$/.test(digits)) return minor;
  const next = minor * 10 ** digits.length + Number(digits);
  return next > MAX_AMOUNT ? minor : next;
}

/** Removes the last digit typed on the keypad. */
export function removeDigit(minor: number): number {
  return Math.floor(minor / 10);
}

/** Rounds a non-negative rational amount `numerator / denominator` half-up to an integer. */
export function roundHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}
