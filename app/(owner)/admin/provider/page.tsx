import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ProviderCredentialsScreen } from "@/components/admin/provider-credentials-screen";
import { ProviderScreen } from "@/components/admin/provider-screen";
import { credentialForms, listProviderConnections } from "@/lib/providers/list-provider-connections";
import { findProviderConnection } from "@/lib/providers/provider-connection-view";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("adminProvider"))("title") };
}

export default async function ProviderPage() {
  const staff = await requireStaff("owner");
  const ctx = await serverCtx();
  const t = await getTranslations("adminProvider");
  const sandbox = await findProviderConnection(ctx, staff.actor.storeId);
  const connections = await listProviderConnections(ctx, staff.actor.storeId);
  return (
    <div className="flex flex-col gap-6">
      {sandbox ? <ProviderScreen connection={sandbox} /> : <h1 className="text-2xl font-bold">{t("title")}</h1>}
      <ProviderCredentialsScreen connections={connections} forms={credentialForms(connections)} secretsKeySet={Boolean(ctx.secretsKey)} />
    </div>
  );
}
