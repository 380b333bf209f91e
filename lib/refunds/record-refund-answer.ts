import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import type { Refund } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import type { ProviderRefund } from "@/lib/providers/types";
import { applyRefundEvent } from "./apply-refund-event";
import { publishOrderChange } from "./publish-order-change";

/**
 * Records what the provider answered about one of Till's refunds (to the
 * POST that sent it, or to the sweeper's question). A final state goes
 * through applyRefundEvent, the path of the provider's own refund events, so
 * that an answer and an event for the same refund are recorded once, in
 * whichever order they come. A pending answer only moves a refund out of
 * Till's own waiting states (`sending`, `unknown`): it never takes back a
 * state an event has already settled.
 */
export async function recordRefundAnswer(ctx: Ctx, { refund, answer, checkAfterS }: { refund: Refund; answer: ProviderRefund; checkAfterS: number }): Promise<Refund> {
  if (answer.refundKey !== refund.refundKey || answer.amount !== refund.amount) {
    // Not ours, or not what we asked for: the provider's word is not applied to the wrong row.
    logger.error({ refundId: refund.id, providerRefundId: answer.providerRefundId }, "the provider answered a refund that does not match the one Till sent");
    return refund;
  }
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    if (answer.status === "pending") {
      const moved = await tx.refund.updateMany({
        where: { id: refund.id, status: { in: ["sending", "unknown"] } },
        data: { status: "pending", providerRefundId: answer.providerRefundId, nextCheckAt: new Date(at.getTime() + checkAfterS * 1000) },
      });
      if (moved.count === 1) {
        await recordAudit(tx, { storeId: refund.storeId, actor: `provider:${refund.accountId}`, action: "refund.pending", entityType: "refund", entityId: refund.id, data: { providerRefundId: answer.providerRefundId } }, at);
      }
      return;
    }
    await applyRefundEvent(tx, { accountId: refund.accountId, refund: answer, at });
  });
  await publishOrderChange(ctx, refund.orderId);
  return ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
}
