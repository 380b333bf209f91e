import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ReconciliationScreen } from "@/components/reconciliation/reconciliation-screen";
import { getReconciliationDay } from "@/lib/reconciliation/get-reconciliation-day";
import { serverCtx } from "@/lib/server-context";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("reconciliation"))("title") };
}

type Params = { day?: string | string[]; status?: string | string[]; type?: string | string[]; cursor?: string | string[] };
const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : undefined);

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<Params> }) {
  const [staff, params] = await Promise.all([requireStaff("owner"), searchParams]);
  const view = await getReconciliationDay(await serverCtx(), { storeId: staff.actor.storeId, day: one(params.day), status: one(params.status), type: one(params.type), cursor: one(params.cursor) });
  return <ReconciliationScreen view={view} />;
}
