"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useMoney } from "@/components/i18n/i18n-provider";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { cn } from "@/components/ui/cn";
import type { DiscrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { DISCREPANCY_LOOK } from "./discrepancy-kinds";

const FILTERS = { open: "filterOpen", resolved: "filterResolved", all: "filterAll" } as const;
type Filter = keyof typeof FILTERS;

/**
 * The owner's list of payment exceptions: each in the words a shop owner
 * uses, with its colour and icon, what happened and what fixes it; the count
 * of each kind still to do above the list.
 */
export function DiscrepancyList({ items, references, status, counts }: { items: DiscrepancyJson[]; references: Record<string, string>; status: Filter; counts: Record<string, number> }) {
  const t = useTranslations("discrepancies");
  const tc = useTranslations("common");
  const money = useMoney();
  const when = useStoreTime();
  const counted = Object.entries(counts).filter((entry): entry is [DiscrepancyJson["type"], number] => entry[0] in DISCREPANCY_LOOK && entry[1] > 0);
  return (
    <main className="mx-auto flex w-full max-w-5xl flex-col gap-3 p-3 md:p-4">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      {counted.length > 0 && (
        <ul className="flex flex-wrap gap-2" aria-label={t("filterOpen")} data-testid="discrepancy-counts">
          {counted.map(([type, count]) => {
            const { icon: Icon, tone } = DISCREPANCY_LOOK[type];
            return (
              <li key={type} className={cn("flex items-center gap-2 rounded-full px-3 py-1 text-sm font-semibold", tone)} data-type={type}>
                <Icon aria-hidden className="size-4" />
                {t(`types.${type}.title`)}
                <span className="tabular-nums">{count}</span>
              </li>
            );
          })}
        </ul>
      )}
      <nav className="flex gap-2" aria-label={tc("status")}>
        {(Object.keys(FILTERS) as Filter[]).map((f) => (
          <Link key={f} href={`/discrepancies?status=${f}`} className={cn("flex min-h-12 items-center rounded-lg px-4 font-medium", status === f ? "bg-brand text-white" : "bg-white ring-1 ring-slate-200")}>
            {t(FILTERS[f])}
          </Link>
        ))}
      </nav>
      {items.length === 0 && <p className="rounded-xl bg-white p-8 text-center text-slate-500">{t("none")}</p>}
      <ul className="flex flex-col gap-3">
        {items.map((d) => {
          const vars = {
            expected: d.expected_amount === null ? "—" : money(d.expected_amount),
            actual: d.actual_amount === null ? "—" : money(d.actual_amount),
            extra: d.expected_amount !== null && d.actual_amount !== null ? money(Math.abs(d.actual_amount - d.expected_amount)) : "—",
          };
          const reference = d.order_id ? references[d.order_id] : undefined;
          const { icon: Icon, tone } = DISCREPANCY_LOOK[d.type];
          return (
            <li key={d.id} className="rounded-xl bg-white p-4 shadow-sm" data-testid="discrepancy" data-type={d.type}>
              <div className="flex flex-wrap items-center gap-2">
                <span className={cn("flex items-center gap-1 rounded-md px-2 py-1 text-sm font-semibold", tone)}>
                  <Icon aria-hidden className="size-4" />
                  {t(`types.${d.type}.title`)}
                </span>
                {reference && (
                  <Link href={`/orders/${d.order_id}`} className="font-mono text-brand underline">
                    {reference}
                  </Link>
                )}
                <span className="ml-auto text-sm text-slate-500">
                  {t("detected")} {when.dateTime(d.detected_at)}
                </span>
              </div>
              <p className="mt-2">{t(`types.${d.type}.text`, vars)}</p>
              <p className="mt-1 text-sm text-slate-600">{t(`types.${d.type}.fix`)}</p>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
