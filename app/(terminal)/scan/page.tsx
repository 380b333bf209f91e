import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ScanScreen } from "@/components/scan/scan-screen";
import { receiptReference } from "@/lib/orders/receipt-reference";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("scan") };
}

export default async function ScanPage({ searchParams }: { searchParams: Promise<{ missing?: string | string[] }> }) {
  const [, { missing }] = await Promise.all([requireStaff(), searchParams]);
  return <ScanScreen notFound={typeof missing === "string" ? receiptReference(missing) : null} />;
}
