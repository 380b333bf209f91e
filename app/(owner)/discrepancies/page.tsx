import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { DiscrepancyList } from "@/components/reconciliation/discrepancy-list";
import { countDiscrepancies } from "@/lib/reconciliation/count-discrepancies";
import { discrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";
import { orderReferences } from "@/lib/orders/order-references";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("discrepancies") };
}

export default async function DiscrepanciesPage({ searchParams }: { searchParams: Promise<{ status?: string | string[] }> }) {
  const [staff, filters] = await Promise.all([requireStaff("owner"), searchParams]);
  const ctx = await serverCtx();
  const filter = filters.status === "resolved" || filters.status === "all" ? filters.status : "open";
  const status = filter === "all" ? undefined : filter;
  const [page, counts] = await Promise.all([
    listDiscrepancies(ctx, { storeId: staff.actor.storeId, status, limit: 100 }),
    countDiscrepancies(ctx, { storeId: staff.actor.storeId, status: "open" }),
  ]);
  const references = await orderReferences(ctx, page.data.flatMap((d) => (d.orderId ? [d.orderId] : [])));
  return <DiscrepancyList items={page.data.map(discrepancyJson)} references={references} status={filter} counts={counts} />;
}
