"use client";

import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { MessageKey } from "@/lib/i18n/messages";
import type { DiscrepancyJson } from "@/lib/reconciliation/discrepancy-json";

const FILTERS = ["open", "resolved", "all"] as const;

export function DiscrepancyList({ items, references, status }: { items: DiscrepancyJson[]; references: Record<string, string>; status: string }) {
  const { t, money, locale } = useI18n();
  return (
    <main className="mx-auto flex max-w-5xl flex-col gap-3 p-4">
      <nav className="flex gap-2" aria-label={t("status")}>
        {FILTERS.map((f) => (
          <Link key={f} href={`/discrepancies?status=${f}`} className={`min-h-11 rounded-lg px-4 py-2 font-medium ${status === f ? "bg-brand text-white" : "bg-white ring-1 ring-slate-200"}`}>
            {t(`filter_${f}` as MessageKey)}
          </Link>
        ))}
      </nav>
      {items.length === 0 && <p className="rounded-xl bg-white p-8 text-center text-slate-500">{t("noDiscrepancies")}</p>}
      <ul className="flex flex-col gap-3">
        {items.map((d) => {
          const vars = {
            expected: d.expected_amount === null ? "—" : money(d.expected_amount),
            actual: d.actual_amount === null ? "—" : money(d.actual_amount),
            extra: d.expected_amount !== null && d.actual_amount !== null ? money(Math.abs(d.actual_amount - d.expected_amount)) : "—",
          };
          const reference = d.order_id ? references[d.order_id] : undefined;
          return (
            <li key={d.id} className="rounded-xl bg-white p-4 shadow-sm" data-testid="discrepancy" data-type={d.type}>
              <div className="flex flex-wrap items-baseline gap-2">
                <span className="rounded-md bg-amber-100 px-2 py-1 text-sm font-semibold text-amber-900">{t(`dis_${d.type}_title` as MessageKey)}</span>
                {reference && (
                  <Link href={`/orders/${d.order_id}`} className="font-mono text-brand underline">
                    {reference}
                  </Link>
                )}
                <span className="ml-auto text-sm text-slate-500">{new Date(d.detected_at).toLocaleString(locale)}</span>
              </div>
              <p className="mt-2">{t(`dis_${d.type}_text` as MessageKey, vars)}</p>
              <p className="mt-1 text-sm text-slate-600">{t(`dis_${d.type}_fix` as MessageKey)}</p>
            </li>
          );
        })}
      </ul>
    </main>
  );
}
