import type { Ctx } from "@/lib/context";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import type { ProviderPayment } from "@/lib/providers/types";
import { afterPaymentsRecorded } from "./after-payments-recorded";
import { recordPayment, type PaymentSource, type RecordedPayment } from "./record-payment";

/**
 * Records payments Till learned of outside a notification (a check, the
 * sweeper, a cancel that raced a payment), one transaction each, then tells
 * the screens and closes charges that became paid.
 */
export async function recordProviderPayments(
  ctx: Ctx,
  account: ProviderAccount,
  payments: ProviderPayment[],
  source: PaymentSource,
  checkedBy?: string,
): Promise<RecordedPayment[]> {
  const results: RecordedPayment[] = [];
  for (const payment of payments) {
    const at = ctx.now();
    results.push(
      await ctx.db.$transaction((tx) =>
        recordPayment(tx, { account, payment, source, checkedBy, at }),
      ),
    );
  }
  await afterPaymentsRecorded(ctx, account, results);
  return results;
}
