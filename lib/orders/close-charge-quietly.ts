import type { PaymentProvider } from "@/lib/providers/types";
import { logger } from "@/lib/log/logger";

/**
 * Best-effort close of a charge that must not be paid (its order was never
 * stored). Runs in the background: a failure here is harmless because the
 * charge expires by itself and no customer was ever shown its QR.
 */
export function closeChargeQuietly(provider: PaymentProvider, merchantRef: string): void {
  provider.closeCharge(merchantRef).catch((error: unknown) => {
    logger.warn({ merchantRef, reason: error instanceof Error ? error.message : String(error) }, "could not close a charge");
  });
}
