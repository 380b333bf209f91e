import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditLog } from "@/components/admin/audit-log";
import { auditFilterFromParams } from "@/lib/audit/audit-filter";
import { auditViews } from "@/lib/audit/audit-view";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { listAuditActors } from "@/lib/audit/list-audit-actors";
import { isAppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminAudit"))("title") };
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [staff, raw] = await Promise.all([requireStaff("owner"), searchParams]);
  const ctx = await serverCtx();
  const store = await getStore(ctx, staff.actor.storeId);
  const filters = auditFilterFromParams(raw);
  const base = { storeId: store.id, timeZone: store.timeZone, action: filters.action, actor: filters.actor, from: filters.from, to: filters.to };
  // A cursor from an old link that no longer reads is the first page, not an error page.
  const page = await listAuditEvents(ctx, { ...base, limit: 50, cursor: filters.cursor }).catch((error: unknown) => {
    if (isAppError(error)) return listAuditEvents(ctx, { ...base, limit: 50 });
    throw error;
  });
  const [rows, actors] = await Promise.all([auditViews(ctx.db, page.data), listAuditActors(ctx, store.id)]);
  return <AuditLog rows={rows} filters={filters} nextCursor={page.nextCursor} actors={actors} />;
}
