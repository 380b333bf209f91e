import type { BulkStatements, SqlValue } from "@/lib/db/bulk-sql";
import { valuesList } from "@/lib/db/bulk-sql";
import { sqlDate } from "@/lib/db/client";
import { newId } from "@/lib/ids";
import type { NewDiscrepancy } from "./open-discrepancy";

const COLUMNS = ["id", "storeId", "type", "status", "dedupeKey", "orderId", "paymentId", "refundId", "statementLineId", "expectedAmount", "actualAmount", "currency", "detectedAt"];
const PER_STATEMENT = 500;

/**
 * Opens many discrepancies at once inside a bulk transaction (the statement
 * import finds thousands): the same rows and audit events as openDiscrepancy,
 * by multi-row inserts. A finding whose dedupe key exists is skipped, and only
 * the rows actually inserted get an audit event. Returns how many were new.
 */
export async function openDiscrepancies(sql: BulkStatements, findings: NewDiscrepancy[], actor: string, at: Date): Promise<number> {
  const when = sqlDate(at);
  let opened = 0;
  for (let i = 0; i < findings.length; i += PER_STATEMENT) {
    const slice = findings.slice(i, i + PER_STATEMENT);
    const params: SqlValue[] = [];
    for (const d of slice) {
      params.push(newId("dis"), d.storeId, d.type, "open", d.dedupeKey, d.orderId ?? null, d.paymentId ?? null, d.refundId ?? null, d.statementLineId ?? null, d.expectedAmount ?? null, d.actualAmount ?? null, d.currency, when);
    }
    const inserted = await sql.all<{ id: string; storeId: string; type: string }>(
      `INSERT INTO "Discrepancy" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${valuesList(slice.length, COLUMNS.length)}
       ON CONFLICT ("dedupeKey") DO NOTHING RETURNING "id", "storeId", "type"`,
      params,
    );
    if (inserted.length === 0) continue;
    const audit: SqlValue[] = [];
    for (const d of inserted) audit.push(newId("aud"), d.storeId, actor, "discrepancy.opened", "discrepancy", d.id, JSON.stringify({ type: d.type }), when);
    await sql.run(
      `INSERT INTO "AuditEvent" ("id", "storeId", "actor", "action", "entityType", "entityId", "data", "createdAt") VALUES ${valuesList(inserted.length, 8)}`,
      audit,
    );
    opened += inserted.length;
  }
  return opened;
}
