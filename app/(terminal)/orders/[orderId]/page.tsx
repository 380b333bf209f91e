import { notFound } from "next/navigation";
import { OrderDetails } from "@/components/orders/order-details";
import { getOrderDetails } from "@/lib/orders/get-order-details";
import { orderView } from "@/lib/orders/order-view";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

/** The order's own page: what it is, what it received and from whom; the QR screen is /charge/{id}. */
export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const ctx = await serverCtx();
  const [details, store] = await Promise.all([getOrderDetails(ctx, { storeId: staff.actor.storeId, orderId }), getStore(ctx, staff.actor.storeId)]);
  if (!details) notFound();
  return <OrderDetails order={orderView(details, store.timeZone)} />;
}
