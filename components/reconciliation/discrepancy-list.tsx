"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { AdminPager } from "@/components/admin/admin-pager";
import { useMoney } from "@/components/i18n/i18n-provider";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { RefundButton } from "@/components/refunds/refund-button";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/select";
import type { DayDiscrepancy, ReconciliationDay } from "@/lib/reconciliation/get-reconciliation-day";
import { DISCREPANCY_TYPES } from "@/lib/reconciliation/discrepancy-types";
import { ResolveDiscrepancy } from "./resolve-discrepancy";
import { DISCREPANCY_LOOK } from "./discrepancy-kinds";

const STATUSES = ["open", "resolved", "all"] as const;

/**
 * The discrepancies found on the day, each in the words a shop owner uses,
 * with its colour and icon, its amounts and order, what happened and what
 * fixes it, and the fitting actions; filtered by type and status, paged.
 */
export function DayDiscrepancyList({ view }: { view: ReconciliationDay }) {
  const t = useTranslations("reconciliation");
  const router = useRouter();
  const href = (change: { status?: string; type?: string; cursor?: string | null }) => {
    const params = new URLSearchParams({ day: view.day, status: change.status ?? view.filters.status, type: change.type ?? view.filters.type });
    if (change.cursor) params.set("cursor", change.cursor);
    return `/reconciliation?${params.toString()}`;
  };
  const td = useTranslations("discrepancies");
  const waiting = view.discrepancies.some((d) => d.status === "open" && d.refunding > 0);
  useEffect(() => {
    // A refund made here settles at the provider in a moment: follow it until the finding resolves.
    if (!waiting) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [waiting, router]);
  return (
    <section className="flex flex-col gap-3" aria-label={t("listTitle")}>
      <h2 className="text-xl font-bold">{t("listTitle")}</h2>
      <div className="flex flex-wrap items-center gap-2">
        <nav className="flex gap-2" aria-label={t("filterStatus")}>
          {STATUSES.map((s) => (
            <Link key={s} href={href({ status: s })} aria-current={view.filters.status === s ? "page" : undefined} className={cn("flex min-h-12 items-center rounded-lg px-4 font-medium", view.filters.status === s ? "bg-brand text-white" : "bg-white ring-1 ring-slate-200")} data-testid={`status-${s}`}>
              {t(s)}
            </Link>
          ))}
        </nav>
        <Select
          aria-label={t("filterType")}
          className="w-56"
          value={view.filters.type}
          onValueChange={(type) => router.push(href({ type }))}
          options={[{ value: "all", label: t("allTypes") }, ...DISCREPANCY_TYPES.map((type) => ({ value: type, label: td(`types.${type}.title`) }))]}
        />
      </div>
      {view.discrepancies.length === 0 && <p className="rounded-xl bg-white p-8 text-center text-slate-500">{t("none")}</p>}
      <ul className="flex flex-col gap-3">
        {view.discrepancies.map((d) => (
          <DiscrepancyItem key={d.id} d={d} day={view.day} />
        ))}
      </ul>
      <AdminPager
        label={t("listTitle")}
        newest={view.cursor ? { href: href({}), text: t("newest") } : null}
        older={view.nextCursor ? { href: href({ cursor: view.nextCursor }), text: t("older") } : null}
        olderTestId="discrepancies-older"
      />
    </section>
  );
}

function DiscrepancyItem({ d, day }: { d: DayDiscrepancy; day: string }) {
  const t = useTranslations("reconciliation");
  const td = useTranslations("discrepancies");
  const money = useMoney();
  const when = useStoreTime();
  const amount = (value: number | null) => (value === null ? "—" : money(value));
  const vars = {
    expected: amount(d.expected_amount),
    actual: amount(d.actual_amount),
    extra: d.expected_amount !== null && d.actual_amount !== null ? money(Math.abs(d.actual_amount - d.expected_amount)) : "—",
  };
  const { icon: Icon, tone } = DISCREPANCY_LOOK[d.type];
  return (
    <li className="rounded-xl bg-white p-4 shadow-sm" data-testid="discrepancy" data-type={d.type} data-status={d.status} data-id={d.id}>
      <div className="flex flex-wrap items-center gap-2">
        <span className={cn("flex items-center gap-1 rounded-md px-2 py-1 text-sm font-semibold", tone)}>
          <Icon aria-hidden className="size-4" />
          {td(`types.${d.type}.title`)}
        </span>
        {d.order_id && d.reference && (
          <Link href={`/orders/${d.order_id}`} className="font-mono text-brand underline">
            {d.reference}
          </Link>
        )}
        <span className="text-sm tabular-nums text-slate-700">{t("amounts", { expected: vars.expected, actual: vars.actual })}</span>
        <span className="ml-auto text-sm text-slate-500">
          {td("detected")} {when.dateTime(d.detected_at)}
        </span>
      </div>
      <p className="mt-2">{td(`types.${d.type}.text`, vars)}</p>
      {d.status === "open" ? (
        <>
          <p className="mt-1 text-sm text-slate-600">{td(`types.${d.type}.fix`)}</p>
          {d.refunding > 0 && (
            <p className="mt-2 rounded-lg bg-amber-50 p-2 text-sm text-amber-900" data-testid="discrepancy-refunding">
              {t("refundWaiting", { amount: money(d.refunding) })}
            </p>
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            {d.refund && <RefundButton discrepancyId={d.id} paymentId={d.refund.paymentId} refundable={d.refund.refundable} preset={d.refund.preset} />}
            {d.resolutions.map((resolution) => (
              <ResolveDiscrepancy key={resolution} discrepancyId={d.id} resolution={resolution} day={day} />
            ))}
          </div>
        </>
      ) : (
        <p className="mt-2 rounded-lg bg-emerald-50 p-2 text-sm text-emerald-900" data-testid="discrepancy-resolution" data-resolution={d.resolution ?? undefined}>
          {t("resolvedAs", { resolution: d.resolution ? t(`outcomes.${d.resolution}`) : "" })}
          {d.note ? ` — ${d.note}` : ""}
        </p>
      )}
    </li>
  );
}
