import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { KeysScreen } from "@/components/admin/keys-screen";
import { listApiKeys } from "@/lib/auth/list-api-keys";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminKeys"))("title") };
}

export default async function KeysPage() {
  const staff = await requireStaff("owner");
  const { terminals, keys } = await listApiKeys(await serverCtx(), staff.actor.storeId);
  return <KeysScreen terminals={terminals} keys={keys} />;
}
