import { auditFilterFromParams } from "@/lib/audit/audit-filter";
import { exportAuditCsv } from "@/lib/audit/export-audit-csv";
import { csvResponse } from "@/lib/csv/csv-response";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { ownerForRoute } from "@/app/_server/owner-route";

export const dynamic = "force-dynamic";

/** The filtered audit log as a CSV download (owner session, fresh PIN). */
export async function GET(request: Request): Promise<Response> {
  const owner = await ownerForRoute(request, "audit export");
  if (owner instanceof Response) return owner;
  const ctx = await serverCtx();
  const store = await getStore(ctx, owner.actor.storeId);
  const filters = auditFilterFromParams(Object.fromEntries(new URL(request.url).searchParams));
  const lines = exportAuditCsv(ctx, { storeId: store.id, timeZone: store.timeZone, action: filters.action, actor: filters.actor, from: filters.from, to: filters.to });
  return csvResponse(lines, `till-audit-${new Date().toISOString().slice(0, 10)}.csv`);
}
