import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SettingsForm } from "@/components/admin/settings-form";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { storeSettingsOf } from "@/lib/stores/store-settings";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.nav"))("settings") };
}

export default async function SettingsPage() {
  const staff = await requireStaff("owner");
  const store = await getStore(await serverCtx(), staff.actor.storeId);
  return (
    <SettingsForm
      initial={storeSettingsOf(store)}
      // The server's list, so that the page the browser hydrates is the page the server drew.
      zones={Intl.supportedValuesOf("timeZone")}
    />
  );
}
