import { notFound } from "next/navigation";
import { OrderScreen } from "@/components/orders/order-screen";
import { loadOrder } from "@/lib/orders/load-order";
import { orderJson } from "@/lib/orders/order-json";
import { orderQrSvg } from "@/lib/orders/order-qr-svg";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export default async function OrderPage({ params }: { params: Promise<{ orderId: string }> }) {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const order = await loadOrder((await serverCtx()).db, staff.actor.storeId, orderId);
  if (!order) notFound();
  const qrSvg = order.charge?.qrContent ? await orderQrSvg(order.charge.qrContent) : null;
  return <OrderScreen initial={orderJson(order)} qrSvg={qrSvg} />;
}
