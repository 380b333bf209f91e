import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import type { Refund } from "@/lib/generated/prisma/client";
import { publishOrderChange } from "./publish-order-change";
import { refreshOrderAfterRefund } from "./refresh-order-after-refund";

/**
 * Releases a reservation the provider certainly never took (it refused with a
 * 4xx, or was unavailable before it did anything): the refund becomes failed
 * without a provider id, its amount is refundable again, and its request key
 * is freed so that the caller may retry. Guarded by the states in which the
 * provider cannot hold it yet, so that a refund the provider answered for —
 * or that the sweeper has since taken over — is never released.
 * Returns false when the refund was no longer releasable.
 */
export async function releaseRefund(ctx: Ctx, { refund, reason, from }: { refund: Refund; reason: string; from: ("sending" | "unknown")[] }): Promise<boolean> {
  const at = ctx.now();
  const result = await ctx.db.$transaction(async (tx) => {
    const released = await tx.refund.updateMany({
      where: { id: refund.id, status: { in: from }, providerRefundId: null },
      data: { status: "failed", failureReason: reason, requestKey: null, nextCheckAt: null, settledAt: at },
    });
    if (released.count === 0) return false;
    await recordAudit(tx, { storeId: refund.storeId, actor: "system", action: "refund.released", entityType: "refund", entityId: refund.id, data: { amount: refund.amount, reason } }, at);
    if (refund.orderId) await refreshOrderAfterRefund(tx, { orderId: refund.orderId, refundId: refund.id, actor: "system", at });
    return true;
  });
  if (!result) return false;
  await publishOrderChange(ctx, refund.orderId);
  return true;
}
