import { parseAmount } from "@/lib/money";

export type OrderSearch = { reference: string } | { amount: number };

/**
 * What a cashier typed into the orders search: an order reference or an
 * amount. A reference has a terminal code and a number ("T1-000123"; case, spaces and
 * the zeros may be left out: "t1-123"); anything that reads as an amount of
 * the store's currency ("23.5", "23.50", "1,200") is one, in minor units from
 * its digits (money.ts), so 23.5 finds orders of 2350 fen. Null for anything
 * else (the screen then says what it can search for).
 */
export function parseOrderSearch(text: string, currency: string): OrderSearch | null {
  const trimmed = text.trim().replace(/^[¥￥$€£]\s*/, "");
  if (trimmed === "") return null;
  const reference = /^([A-Za-z][A-Za-z0-9]{0,9})\s*-\s*(\d{1,9})$/.exec(trimmed);
  if (reference) {
    const number = reference[2]!.replace(/^0+(?=\d)/, "");
    return { reference: `${reference[1]!.toUpperCase()}-${number.padStart(6, "0")}` };
  }
  const amount = parseAmount(trimmed, currency);
  return amount !== null && amount > 0 ? { amount } : null;
}
