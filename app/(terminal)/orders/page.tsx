import { hasRole } from "@/lib/context";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OrderList } from "@/components/orders/order-list";
import { browseOrders } from "@/lib/orders/browse-orders";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";
import { orderListParams } from "./order-list-params";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("orders") };
}

export default async function OrdersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [staff, raw] = await Promise.all([requireStaff(), searchParams]);
  const params = orderListParams.parse(raw);
  const result = await browseOrders(await serverCtx(), { storeId: staff.actor.storeId, ...params, limit: 50 });
  return (
    <OrderList
      rows={result.rows}
      summary={result.summary}
      filters={{ day: result.day, today: result.today, status: params.status, cashier: result.cashier, terminal: result.terminal, q: params.q, cursor: params.cursor }}
      search={result.search}
      nextCursor={result.nextCursor}
      cashiers={result.creators.map((c) => ({ value: c.ref, label: c.name }))}
      terminals={result.terminals.map((t) => ({ value: t.id, label: `${t.code} · ${t.name}` }))}
      canExport={hasRole(staff.actor.role, "owner")}
    />
  );
}
