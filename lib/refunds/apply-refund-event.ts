import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { ProviderRefund } from "@/lib/providers/types";
import { openDiscrepancy } from "@/lib/reconciliation/open-discrepancy";
import { resolveRefundedDiscrepancy } from "@/lib/reconciliation/resolve-refunded-discrepancy";
import { refreshOrderAfterRefund } from "./refresh-order-after-refund";

/**
 * Applies a refund's final state (succeeded or failed) announced by the
 * provider, inside the caller's transaction. Returns "deferred" when Till does
 * not know the payment yet (events arrive in any order); the inbox re-applies
 * it when the payment is recorded. A refund Till never asked for (made in the
 * provider's portal) is recorded and flagged as refund_mismatch. A refund
 * issued from a discrepancy that succeeds resolves it here when it covers it.
 */
export async function applyRefundEvent(
  tx: Tx,
  { accountId, refund: r, at }: { accountId: string; refund: ProviderRefund; at: Date },
): Promise<{ outcome: "applied" | "deferred"; orderId: string | null; storeId: string | null; status: string | null }> {
  const payment = await tx.payment.findUnique({ where: { accountId_providerPaymentId: { accountId, providerPaymentId: r.providerPaymentId } } });
  if (!payment) return { outcome: "deferred", orderId: null, storeId: null, status: null };
  const actor = `provider:${accountId}`;
  const existing =
    (await tx.refund.findUnique({ where: { accountId_providerRefundId: { accountId, providerRefundId: r.providerRefundId } } })) ??
    (await tx.refund.findUnique({ where: { accountId_refundKey: { accountId, refundKey: r.refundKey } } }));
  let refundId: string;
  if (!existing) {
    refundId = newId("ref");
    await tx.refund.create({
      data: {
        id: refundId, storeId: payment.storeId, orderId: payment.orderId, paymentId: payment.id, accountId,
        providerRefundId: r.providerRefundId, refundKey: r.refundKey, amount: r.amount, currency: r.currency,
        reason: "made at the provider", status: r.status, failureReason: r.failureReason, origin: "provider",
        createdAt: at, settledAt: r.settledAt ?? at,
      },
    });
    // A refund Till never asked for moved money only if it succeeded.
    if (r.status === "succeeded") {
      await openDiscrepancy(
        tx,
        { storeId: payment.storeId, type: "refund_mismatch", dedupeKey: `refund:${refundId}:unrequested`, orderId: payment.orderId, paymentId: payment.id, refundId, actualAmount: r.amount, currency: r.currency },
        actor,
        at,
      );
    }
  } else {
    refundId = existing.id;
    // A final state is final: a repeated or stale event does not move it again.
    if (existing.status === "succeeded" || existing.status === "failed") {
      return { outcome: "applied", orderId: existing.orderId, storeId: existing.storeId, status: null };
    }
    await tx.refund.update({
      where: { id: existing.id },
      data: { status: r.status, failureReason: r.failureReason, providerRefundId: r.providerRefundId, settledAt: r.settledAt ?? at, nextCheckAt: null },
    });
  }
  await recordAudit(tx, { storeId: payment.storeId, actor, action: `refund.${r.status}`, entityType: "refund", entityId: refundId, data: { amount: r.amount } }, at);
  if (existing?.discrepancyId && r.status === "succeeded") {
    // A refund issued from a discrepancy resolves it once the refunds cover it, in this same transaction.
    await resolveRefundedDiscrepancy(tx, { discrepancyId: existing.discrepancyId, refund: existing, at });
  }
  if (!payment.orderId) return { outcome: "applied", orderId: null, storeId: payment.storeId, status: null };

  const status = await refreshOrderAfterRefund(tx, { orderId: payment.orderId, refundId, actor, at });
  return { outcome: "applied", orderId: payment.orderId, storeId: payment.storeId, status };
}
