import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { OrderList } from "@/components/orders/order-list";
import { listOrders } from "@/lib/orders/list-orders";
import { orderJson } from "@/lib/orders/order-json";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("orders") };
}

export default async function OrdersPage() {
  const staff = await requireStaff();
  const page = await listOrders(await serverCtx(), { storeId: staff.actor.storeId, limit: 50 });
  return <OrderList orders={page.data.map(orderJson)} />;
}
