import { z } from "zod";
import { isCurrency, MAX_AMOUNT } from "@/lib/money";

/** True for a time zone the IANA database (as ICU knows it) names, e.g. Asia/Shanghai. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

/**
 * What the owner sets for a store, with the limits a shop can live with: a
 * QR must stay payable long enough to scan and pay (30 s) and not so long
 * that a forgotten one can be paid an hour later (1 h); money in minor units.
 */
export const StoreSettings = z.strictObject({
  name: z.string().trim().min(1, "enter the shop's name").max(80, "at most 80 characters"),
  currency: z.string().refine(isCurrency, "not an ISO 4217 currency code"),
  timeZone: z.string().refine(isTimeZone, "not a time zone (e.g. Asia/Shanghai)"),
  qrLifetimeS: z.int().min(30, "at least 30 seconds: a customer needs time to scan and pay").max(3600, "at most 3600 seconds (1 hour)"),
  amountTolerance: z.int().min(0).max(10_000, "at most 100.00: a larger shortfall is not a rounding difference"),
  refundApprovalThreshold: z.int().min(0).max(MAX_AMOUNT),
  confirmAmountAbove: z.int().min(1).max(MAX_AMOUNT),
});

export type StoreSettings = z.infer<typeof StoreSettings>;

/** A store's settings as the owner edits them. */
export function storeSettingsOf(store: StoreSettings): StoreSettings {
  const { name, currency, timeZone, qrLifetimeS, amountTolerance, refundApprovalThreshold, confirmAmountAbove } = store;
  return { name, currency, timeZone, qrLifetimeS, amountTolerance, refundApprovalThreshold, confirmAmountAbove };
}
