import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import type { Refund } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/log/logger";
import { isProviderError } from "@/lib/providers/types";
import { recordRefundAnswer } from "./record-refund-answer";
import { refundProvider, refundRequest } from "./refund-provider";
import { nextRefundCheck, WAITING_STATUSES } from "./refund-rules";
import { releaseRefund } from "./release-refund";

const BATCH = 50;

/**
 * One pass of the refund sweeper, over Till's refunds still waiting once
 * their `nextCheckAt` is due:
 * - a refund the provider acknowledged (Till has its id) is read by that id;
 * - a refund whose id Till never stored — the call timed out (`unknown`), or
 *   Till stopped between reserving and calling (`sending`) — is looked up by
 *   its key, and when the provider has none it is sent again with the *same*
 *   key and body, so the provider makes it at most once;
 * - the provider's answer is recorded (a failed refund gives its amount back);
 *   a certain refusal of a re-send releases the reservation; silence, an
 *   unknown outcome or a refund still pending means "ask again later", with a
 *   delay that doubles with every such look (nextRefundCheck), so that a
 *   provider that keeps failing is not asked every pass.
 * `keepLease` (from the sweeper loop) is renewed before each refund.
 */
export async function sweepRefunds(ctx: Ctx, { keepLease }: { keepLease?: () => Promise<boolean> } = {}): Promise<{ checked: number; settled: number; resent: number; failed: number }> {
  const due = await ctx.db.refund.findMany({
    where: { status: { in: [...WAITING_STATUSES] }, nextCheckAt: { lte: ctx.now() } },
    orderBy: { nextCheckAt: "asc" },
    take: BATCH,
  });
  const tally = { checked: due.length, settled: 0, resent: 0, failed: 0 };
  for (const refund of due) {
    if (keepLease && !(await keepLease())) break;
    let outcome: Awaited<ReturnType<typeof settleRefund>> | "error" = "error";
    try {
      outcome = await settleRefund(ctx, refund);
      if (outcome === "settled") tally.settled += 1;
      if (outcome === "resent") tally.resent += 1;
    } catch (error) {
      tally.failed += 1;
      if (!isProviderError(error)) logger.error({ err: error, refundId: refund.id }, "sweeping a refund failed");
    }
    await scheduleNextLook(ctx, refund, outcome === "resent");
  }
  return tally;
}

/**
 * Whatever happened, a refund still waiting is looked at again later: after a
 * re-send the provider took, TILL_SWEEP_EVERY_S from now (attempts start
 * again); after a look that changed nothing (still pending, no answer, an
 * error), later and later (nextRefundCheck).
 */
async function scheduleNextLook(ctx: Ctx, refund: Refund, taken: boolean): Promise<void> {
  const attempts = taken ? 0 : refund.checkAttempts + 1;
  await ctx.db.refund.updateMany({
    where: { id: refund.id, status: { in: [...WAITING_STATUSES] } },
    data: { checkAttempts: attempts, nextCheckAt: nextRefundCheck(ctx.now(), Math.max(1, attempts), ctx.sweep.everyS) },
  });
}

async function settleRefund(ctx: Ctx, refund: Refund): Promise<"settled" | "resent" | "waiting" | "released"> {
  if (refund.status === "sending") {
    // Take it over from a call that died with its process: from now on the
    // caller's own answer can no longer release it (releaseRefund is guarded on `sending`).
    const taken = await ctx.db.$transaction(async (tx) => {
      const moved = await tx.refund.updateMany({ where: { id: refund.id, status: "sending" }, data: { status: "unknown" } });
      if (moved.count === 1) await recordAudit(tx, { storeId: refund.storeId, actor: "system", action: "refund.unknown", entityType: "refund", entityId: refund.id, data: { by: "sweeper" } }, ctx.now());
      return moved.count === 1;
    });
    if (!taken) return "waiting";
  }
  const { provider, providerPaymentId } = await refundProvider(ctx, refund);
  let answer = await provider.getRefund(refund.refundKey, refund.providerRefundId);
  let resent = false;
  if (!answer) {
    if (refund.providerRefundId) {
      logger.error({ refundId: refund.id, providerRefundId: refund.providerRefundId }, "the provider no longer knows a refund it acknowledged");
      return "waiting";
    }
    try {
      answer = await provider.refund(refundRequest(refund, providerPaymentId));
      resent = true;
    } catch (error) {
      if (isProviderError(error, "rejected") && error.rejection?.code !== "idempotency_conflict") {
        const reason = `rejected_by_provider:${error.rejection?.code ?? "unknown"}`;
        if (await releaseRefund(ctx, { refund, reason, from: ["unknown"] })) return "released";
      }
      throw error;
    }
  }
  const after = await recordRefundAnswer(ctx, { refund: { ...refund, status: refund.status === "sending" ? "unknown" : refund.status }, answer, checkAfterS: ctx.sweep.everyS });
  if (after.status === "succeeded" || after.status === "failed") return "settled";
  return resent ? "resent" : "waiting";
}
