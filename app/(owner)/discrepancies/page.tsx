import { DiscrepancyList } from "@/components/reconciliation/discrepancy-list";
import { discrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";
import { orderReferences } from "@/lib/orders/order-references";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export default async function DiscrepanciesPage({ searchParams }: { searchParams: Promise<{ status?: string; type?: string }> }) {
  const [staff, filters] = await Promise.all([requireStaff("owner"), searchParams]);
  const ctx = await serverCtx();
  const status = filters.status === "resolved" ? "resolved" : filters.status === "all" ? undefined : "open";
  const page = await listDiscrepancies(ctx, { storeId: staff.actor.storeId, status, type: filters.type, limit: 100 });
  const references = await orderReferences(ctx, page.data.flatMap((d) => (d.orderId ? [d.orderId] : [])));
  return <DiscrepancyList items={page.data.map(discrepancyJson)} references={references} status={filters.status ?? "open"} />;
}
