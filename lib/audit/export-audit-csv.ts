import type { Ctx } from "@/lib/context";
import { csvDocument, pagesOf } from "@/lib/csv/csv-writer";
import { auditViews } from "./audit-view";
import { listAuditEvents, type AuditListFilter } from "./list-audit-events";

const BATCH = 500;
export const AUDIT_CSV_HEADER = ["time_utc", "actor", "actor_name", "terminal", "action", "entity_type", "entity_id", "details"];

/**
 * The filtered audit log as CSV, newest first, in batches through the same
 * index-served pages as the screen: memory stays flat however long the log.
 */
export function exportAuditCsv(ctx: Ctx, filter: AuditListFilter): AsyncGenerator<string> {
  async function* batches() {
    for await (const rows of pagesOf((cursor) => listAuditEvents(ctx, { ...filter, limit: BATCH, cursor }))) yield await auditViews(ctx.db, rows);
  }
  return csvDocument(AUDIT_CSV_HEADER, batches(), (view) => [view.at, view.actor, view.actorName, view.terminal, view.action, view.entityType, view.entityId, view.details]);
}
