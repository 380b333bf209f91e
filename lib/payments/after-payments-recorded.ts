import type { Ctx } from "@/lib/context";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import type { RecordedPayment } from "./record-payment";

/**
 * After the commit: push the change to live screens, and close at the provider
 * the charges of orders that became paid (pos-api.md rule 3). Closing can fail
 * harmlessly — a paid charge refuses to close — so it never delays the answer.
 */
export async function afterPaymentsRecorded(ctx: Ctx, account: ProviderAccount, results: RecordedPayment[]): Promise<void> {
  for (const r of results) {
    if (!r.recorded || !r.orderId || !r.status) continue;
    ctx.bus.publish({ type: "order.changed", orderId: r.orderId, storeId: r.storeId, status: r.status });
    if (r.closeCharge) {
      const providerRef = r.providerRef ?? (await ctx.db.order.findUnique({ where: { id: r.orderId }, select: { providerRef: true } }))?.providerRef;
      if (providerRef) {
        ctx.provider(account).closeCharge(providerRef).catch(() => undefined);
      }
    }
  }
}
