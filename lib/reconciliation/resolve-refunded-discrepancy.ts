import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { discrepancyTypeOf } from "./discrepancy-types";
import { refundDue } from "./refund-due";

/**
 * Resolves a discrepancy `refunded` once a refund issued from it succeeded and
 * the succeeded refunds now cover what had to go back — inside the
 * transaction that records the refund's success, so that the finding and the
 * money can never disagree. A refund that covers only part of it leaves it
 * open (the owner refunds the rest, or resolves it otherwise). The note says
 * which refund did it; the refund's requester is recorded as the resolver.
 * Returns true when it resolved the discrepancy now.
 */
export async function resolveRefundedDiscrepancy(
  tx: Tx,
  { discrepancyId, refund, at }: { discrepancyId: string; refund: { id: string; amount: number; currency: string; requestedBy: string | null }; at: Date },
): Promise<boolean> {
  const d = await tx.discrepancy.findUnique({ where: { id: discrepancyId } });
  if (!d || d.status !== "open") return false;
  const owed = await refundDue(tx, d, discrepancyTypeOf(d));
  if (!owed || owed.covered < owed.due) return false;
  const by = refund.requestedBy ?? "system";
  const note = `refund ${refund.id} of ${refund.amount} ${refund.currency} succeeded`;
  const updated = await tx.discrepancy.updateMany({ where: { id: d.id, status: "open" }, data: { status: "resolved", resolution: "refunded", resolvedBy: by, resolvedAt: at, note } });
  if (updated.count === 0) return false;
  await recordAudit(tx, { storeId: d.storeId, actor: by, action: "discrepancy.resolved", entityType: "discrepancy", entityId: d.id, data: { type: d.type, resolution: "refunded", note, refund: refund.id } }, at);
  return true;
}
