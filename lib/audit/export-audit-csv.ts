import type { Ctx } from "@/lib/context";
import { auditViews, type AuditView } from "./audit-view";
import { listAuditEvents, type AuditListFilter } from "./list-audit-events";

const BATCH = 500;
export const AUDIT_CSV_HEADER = ["time_utc", "actor", "actor_name", "terminal", "action", "entity_type", "entity_id", "details"];

/**
 * A CSV cell: quoted when it holds a comma, quote or line break, and never
 * read as a formula by a spreadsheet (a leading = + - @ or tab gets a ').
 */
export function csvCell(value: string | null): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function csvLine(view: AuditView): string {
  return [view.at, view.actor, view.actorName, view.terminal, view.action, view.entityType, view.entityId, view.details].map(csvCell).join(",") + "\r\n";
}

/**
 * The filtered audit log as CSV (UTF-8 with a BOM, so that Excel reads Chinese
 * names right), newest first, in batches through the same index-served pages
 * as the screen: memory stays flat however long the log.
 */
export async function* exportAuditCsv(ctx: Ctx, filter: AuditListFilter): AsyncGenerator<string> {
  yield "\uFEFF" + AUDIT_CSV_HEADER.join(",") + "\r\n";
  let cursor: string | undefined;
  do {
    const page = await listAuditEvents(ctx, { ...filter, limit: BATCH, cursor });
    const views = await auditViews(ctx.db, page.data);
    yield views.map(csvLine).join("");
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
