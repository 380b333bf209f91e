import { toDecimalString } from "@/lib/money";

/**
 * Alipay writes money as a decimal string of yuan ("0.01", "88.80"); Till keeps
 * integers of fen. Both directions go through the digits, never through a
 * floating-point number.
 */

/** A yuan amount: no sign, no exponent, no leading zeros, at most two decimals. */
const YUAN = /^(-)?(0|[1-9]\d{0,11})(?:\.(\d{1,2}))?$/;

/**
 * "88.8" → 8880. Null for anything that is not an exact yuan amount: three
 * decimals, an exponent ("1e2"), a plus sign, spaces, leading zeros ("01.00"),
 * and a minus sign unless `signed` (bill lines: refunds are negative).
 */
export function yuanToFen(text: string, options: { signed?: boolean } = {}): number | null {
  const m = YUAN.exec(text);
  if (!m) return null;
  if (m[1] && !options.signed) return null;
  const fen = Number(m[2]! + (m[3] ?? "").padEnd(2, "0"));
  if (!Number.isSafeInteger(fen)) return null;
  // "-0.00" is zero, written with a sign nobody means.
  return m[1] ? (fen === 0 ? 0 : -fen) : fen;
}

/** 8880 → "88.80": always two decimals, as the gateway's `total_amount` and `refund_amount` want. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not an amount of fen: ${fen}`);
  return toDecimalString(fen, "CNY");
}
