import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ChainScreen } from "@/components/chain/chain-screen";
import { getChainDay } from "@/lib/reconciliation/get-chain-day";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("chainStores"))("title") };
}

type Params = { day?: string | string[] };

/** A chain owner's stores side by side for one business day; each opens that store's Reconciliation page. */
export default async function ChainPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [staff, params] = await Promise.all([requireStaff("chain_owner"), searchParams]);
  const day = typeof params.day === "string" ? params.day : undefined;
  const view = await getChainDay(await serverCtx(), { homeStoreId: staff.actor.homeStoreId ?? staff.actor.storeId, day });
  return <ChainScreen view={view} actingStoreId={staff.actor.storeId} />;
}
