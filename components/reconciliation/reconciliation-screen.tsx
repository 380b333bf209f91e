"use client";

import { FileDown, FileText } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import type { ReconciliationDay } from "@/lib/reconciliation/get-reconciliation-day";
import { DayDiscrepancyList } from "./discrepancy-list";
import { DayNav } from "./day-nav";
import { StatementUpload } from "./statement-upload";

/** ECharts is loaded here only, in its own chunk, after the page: no cashier page ever fetches it. */
const DayChart = dynamic(() => import("./day-chart").then((m) => m.DayChart), { ssr: false, loading: () => <ChartPlaceholder /> });

function ChartPlaceholder() {
  const t = useTranslations("reconciliation");
  return <div className="flex h-64 items-center justify-center text-slate-500">{t("chartLoading")}</div>;
}

const TILES = ["expected", "received", "settled", "refunded", "fees", "net"] as const;

/**
 * The owner's Reconciliation page for one business day: the day's figures
 * (the very ones of the summary API), its chart, the statement upload and
 * fetch, and the discrepancies found that day with what fixes each.
 */
export function ReconciliationScreen({ view }: { view: ReconciliationDay }) {
  const t = useTranslations("reconciliation");
  const money = useMoney();
  const dayHref = (day: string) => `/reconciliation?day=${day}`;
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-4 p-3 md:p-4" data-testid="reconciliation" data-day={view.day}>
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="mr-auto text-2xl font-bold">{t("title")}</h1>
        <Button asChild variant="outline" size="sm">
          <a href={`/reconciliation/close?day=${view.day}`} data-testid="day-close-link">
            <FileText aria-hidden className="size-5" />
            {t("dayClose")}
          </a>
        </Button>
        <Button asChild variant="outline" size="sm">
          <a href={`/reconciliation/export.csv?day=${view.day}`} data-testid="export-link">
            <FileDown aria-hidden className="size-5" />
            {t("exportCsv")}
          </a>
        </Button>
      </div>
      <DayNav day={view.day} previous={view.previous} next={view.next} today={view.today} href={dayHref} />
      <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="tiles">
        {TILES.map((tile) => (
          <div key={tile} className="rounded-xl bg-white p-3 shadow-sm" data-testid={`tile-${tile}`} data-amount={view.summary[tile]}>
            <dt className="text-sm text-slate-500">{t(`tiles.${tile}`)}</dt>
            <dd className="text-xl font-bold tabular-nums [overflow-wrap:anywhere]">{money(view.summary[tile])}</dd>
          </div>
        ))}
      </dl>
      <section className="rounded-xl bg-white p-3 shadow-sm" aria-label={t("chartTitle")}>
        <h2 className="font-semibold">{t("chartTitle")}</h2>
        <DayChart hours={view.chart} />
      </section>
      <StatementUpload day={view.day} />
      <DayDiscrepancyList view={view} />
    </main>
  );
}
