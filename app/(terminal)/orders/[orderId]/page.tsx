import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { OrderDetails } from "@/components/orders/order-details";
import { getOrderDetails } from "@/lib/orders/get-order-details";
import { loadOrder } from "@/lib/orders/load-order";
import { orderView } from "@/lib/orders/order-view";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

/** The order's own page: what it is, what it received and from whom; the QR screen is /charge/{id}. */
export async function generateMetadata({ params }: { params: Promise<{ orderId: string }> }): Promise<Metadata> {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const order = await loadOrder((await serverCtx()).db, staff.actor.storeId, orderId);
  return { title: (await getTranslations("title"))("order", { reference: order?.reference ?? "" }) };
}

export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const ctx = await serverCtx();
  const [details, store] = await Promise.all([getOrderDetails(ctx, { storeId: staff.actor.storeId, orderId }), getStore(ctx, staff.actor.storeId)]);
  if (!details) notFound();
  return <OrderDetails order={orderView(details, store.timeZone)} />;
}
