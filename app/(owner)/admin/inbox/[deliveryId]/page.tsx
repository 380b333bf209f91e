import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { DeliveryDetails } from "@/components/admin/delivery-details";
import { isAppError } from "@/lib/errors";
import { getDelivery } from "@/lib/notifications/get-delivery";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminInbox"))("detailTitle") };
}

export default async function DeliveryPage({ params }: { params: Promise<{ deliveryId: string }> }) {
  const [staff, { deliveryId }] = await Promise.all([requireStaff("owner"), params]);
  const delivery = await getDelivery(await serverCtx(), { storeId: staff.actor.storeId, deliveryId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  });
  return <DeliveryDetails delivery={delivery} />;
}
