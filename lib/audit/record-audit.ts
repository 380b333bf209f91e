import type { Tx } from "@/lib/db/client";
import { newId } from "@/lib/ids";

export type AuditEntry = {
  storeId: string | null;
  /** "staff:<id>", "api_key:<id>", "provider:<account>" or "system". */
  actor: string;
  action: string;
  entityType: "order" | "payment" | "refund" | "discrepancy" | "staff" | "api_key" | "statement" | "store" | "product" | "category";
  entityId: string;
  data?: Record<string, unknown>;
};

/** Appends an audit event inside the caller's transaction, so that it exists exactly when the change does. */
export async function recordAudit(tx: Tx, entry: AuditEntry, at: Date): Promise<void> {
  await tx.auditEvent.create({
    data: {
      id: newId("aud"),
      storeId: entry.storeId,
      actor: entry.actor,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data ? JSON.stringify(entry.data) : null,
      createdAt: at,
    },
  });
}
