import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { InboxList } from "@/components/admin/inbox-list";
import { isAppError } from "@/lib/errors";
import { deliveryViews } from "@/lib/notifications/delivery-views";
import { inboxFilterFromParams } from "@/lib/notifications/inbox-filter";
import { listDeliveries } from "@/lib/notifications/list-deliveries";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminInbox"))("title") };
}

export default async function InboxPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [staff, raw] = await Promise.all([requireStaff("owner"), searchParams]);
  const ctx = await serverCtx();
  const store = await getStore(ctx, staff.actor.storeId);
  const filters = inboxFilterFromParams(raw);
  const base = { storeId: store.id, timeZone: store.timeZone, outcome: filters.outcome, type: filters.type, from: filters.from, to: filters.to };
  const page = await listDeliveries(ctx, { ...base, limit: 50, cursor: filters.cursor }).catch((error: unknown) => {
    if (isAppError(error)) return listDeliveries(ctx, { ...base, limit: 50 });
    throw error;
  });
  return <InboxList rows={await deliveryViews(ctx.db, page.data)} filters={filters} nextCursor={page.nextCursor} />;
}
