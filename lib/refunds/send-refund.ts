import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Refund } from "@/lib/generated/prisma/client";
import { isProviderError, type ProviderRefund } from "@/lib/providers/types";
import { publishOrderChange } from "./publish-order-change";
import { recordRefundAnswer } from "./record-refund-answer";
import { refundProvider, refundRequest } from "./refund-provider";
import { releaseRefund } from "./release-refund";

/**
 * Sends a reserved refund to the provider, outside any transaction, and
 * records the answer:
 * - accepted (pending, or already final): recorded;
 * - refused for certain (a 4xx, or unavailable before it did anything): the
 *   reservation is released and the caller gets 422 amount_exceeds_refundable
 *   (the provider's own refundable was smaller) or 503 provider_unavailable;
 * - no answer in time (unknown outcome): the refund stays waiting as `unknown`
 *   and is settled only by asking the provider by its key (the refund
 *   sweeper) — never guessed, never sent as a second refund.
 * Returns the refund as Till now has it.
 */
export async function sendRefund(ctx: Ctx, refund: Refund): Promise<Refund> {
  const { provider, providerPaymentId } = await refundProvider(ctx, refund);
  let answer: ProviderRefund;
  try {
    answer = await provider.refund(refundRequest(refund, providerPaymentId));
  } catch (error) {
    if (!isProviderError(error)) throw error;
    const certain = error.kind === "unavailable" || (error.kind === "rejected" && error.rejection?.code !== "idempotency_conflict");
    if (certain && (await releaseRefund(ctx, { refund, reason: refusal(error.kind, error.rejection?.code), from: ["sending"] }))) {
      if (error.rejection?.code === "amount_exceeds_refundable") {
        throw new AppError("amount_exceeds_refundable", "The provider says less of this payment can still be refunded; nothing was refunded");
      }
      throw new AppError("provider_unavailable", "The payment provider did not take the refund; nothing was refunded. Try again.");
    }
    // Unknown outcome (or the sweeper took the refund over meanwhile): it waits, and is settled by asking.
    await ctx.db.$transaction(async (tx) => {
      const moved = await tx.refund.updateMany({ where: { id: refund.id, status: "sending" }, data: { status: "unknown" } });
      if (moved.count === 1) {
        await recordAudit(tx, { storeId: refund.storeId, actor: "system", action: "refund.unknown", entityType: "refund", entityId: refund.id, data: { error: error.kind } }, ctx.now());
      }
    });
    await publishOrderChange(ctx, refund.orderId);
    return ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
  }
  return recordRefundAnswer(ctx, { refund, answer, checkAfterS: ctx.sweep.afterS });
}

function refusal(kind: string, code: string | undefined): string {
  return kind === "unavailable" ? "provider_unavailable" : `rejected_by_provider:${code ?? "unknown"}`;
}
