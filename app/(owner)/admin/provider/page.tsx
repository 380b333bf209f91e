import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProviderScreen } from "@/components/admin/provider-screen";
import { getProviderConnection } from "@/lib/providers/provider-connection-view";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminProvider"))("title") };
}

export default async function ProviderPage() {
  const staff = await requireStaff("owner");
  const connection = await getProviderConnection(await serverCtx(), staff.actor.storeId);
  return <ProviderScreen connection={connection} />;
}
