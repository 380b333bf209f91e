import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { DayCloseScreen } from "@/components/reconciliation/day-close-screen";
import { getDayClose } from "@/lib/reconciliation/get-day-close";
import { serverCtx } from "@/lib/server-context";
import { isCalendarDay } from "@/lib/stores/business-day";
import { requireStaff } from "@/app/_server/session";

type Props = { searchParams: Promise<{ day?: string | string[] }> };

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("dayClose"))("title") };
}

/** The Z-report of a business day (`?day=YYYY-MM-DD`, today by default): closed and printable, or open with its close form. */
export default async function DayClosePage({ searchParams }: Props) {
  const [staff, params] = await Promise.all([requireStaff("owner"), searchParams]);
  const day = typeof params.day === "string" ? params.day : undefined;
  if (day !== undefined && !isCalendarDay(day)) notFound();
  const view = await getDayClose(await serverCtx(), { storeId: staff.actor.storeId, day });
  return <DayCloseScreen view={view} />;
}
