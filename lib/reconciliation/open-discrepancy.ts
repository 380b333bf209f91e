import { recordAudit } from "@/lib/audit/record-audit";
import type { SqlTx } from "@/lib/db/sql-tx";
import { newId } from "@/lib/ids";
import type { DiscrepancyType } from "./discrepancy-types";

export type NewDiscrepancy = {
  storeId: string;
  type: DiscrepancyType;
  /** One finding, one row: opening the same finding twice changes nothing. */
  dedupeKey: string;
  orderId?: string | null;
  paymentId?: string | null;
  refundId?: string | null;
  statementLineId?: string | null;
  expectedAmount?: number | null;
  actualAmount?: number | null;
  currency: string;
  /** Recorded already resolved, when the finding was settled as it was made (pos-api.md, unnotified_payment). */
  resolved?: { resolution: string; by: string; note: string };
};

/** Opens a discrepancy inside the caller's transaction, once per dedupe key. Returns true when it is new. */
export async function openDiscrepancy(tx: SqlTx, d: NewDiscrepancy, actor: string, at: Date): Promise<boolean> {
  const id = newId("dis");
  const inserted = await tx.$executeRaw`
    INSERT INTO "Discrepancy" ("id", "storeId", "type", "status", "dedupeKey", "orderId", "paymentId", "refundId",
      "statementLineId", "expectedAmount", "actualAmount", "currency", "detectedAt", "resolution", "resolvedBy", "resolvedAt", "note")
    VALUES (${id}, ${d.storeId}, ${d.type}, ${d.resolved ? "resolved" : "open"}, ${d.dedupeKey}, ${d.orderId ?? null}, ${d.paymentId ?? null},
      ${d.refundId ?? null}, ${d.statementLineId ?? null}, ${d.expectedAmount ?? null}, ${d.actualAmount ?? null},
      ${d.currency}, ${at}, ${d.resolved?.resolution ?? null}, ${d.resolved?.by ?? null}, ${d.resolved ? at : null}, ${d.resolved?.note ?? null})
    ON CONFLICT ("dedupeKey") DO NOTHING`;
  if (inserted === 0) return false;
  await recordAudit(
    tx,
    { storeId: d.storeId, actor, action: "discrepancy.opened", entityType: "discrepancy", entityId: id, data: { type: d.type } },
    at,
  );
  if (d.resolved) {
    await recordAudit(
      tx,
      { storeId: d.storeId, actor: d.resolved.by, action: "discrepancy.resolved", entityType: "discrepancy", entityId: id, data: { resolution: d.resolved.resolution, note: d.resolved.note } },
      at,
    );
  }
  return true;
}
