import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { OrderScreen } from "@/components/orders/order-screen";
import { loadOrder } from "@/lib/orders/load-order";
import { orderJson } from "@/lib/orders/order-json";
import { orderQrSvg } from "@/lib/orders/order-qr-svg";
import { accountOfConnection } from "@/lib/providers/account-of-connection";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

type Props = { params: Promise<{ orderId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const order = await loadOrder((await serverCtx()).db, staff.actor.storeId, orderId);
  return { title: (await getTranslations("title"))("charge", { reference: order?.reference ?? "" }) };
}

export default async function ChargePage({ params }: Props) {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const { db } = await serverCtx();
  const order = await loadOrder(db, staff.actor.storeId, orderId);
  if (!order) notFound();
  const [qrSvg, account, connections] = await Promise.all([
    order.charge?.qrContent ? orderQrSvg(order.charge.qrContent) : null,
    accountOfConnection(db, order.charge?.connectionId),
    db.providerConnection.findMany({ where: { storeId: staff.actor.storeId }, select: { id: true, name: true } }),
  ]);
  // A store whose cashier picks the QR sees which one this is (the connection's name); a store with one connection sees no change.
  const qrProvider = connections.length > 1 ? connections.find((c) => c.id === order.charge?.connectionId)?.name : undefined;
  return <OrderScreen initial={orderJson(order)} qrSvg={qrSvg} providerName={account?.name ?? ""} qrProvider={qrProvider} />;
}
