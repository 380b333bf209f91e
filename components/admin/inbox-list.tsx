"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { AdminPager } from "./admin-pager";
import { cn } from "@/components/ui/cn";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { DeliveryView } from "@/lib/notifications/delivery-views";
import type { InboxFilterInput } from "@/lib/notifications/inbox-filter";
import { DELIVERY_OUTCOMES, DELIVERY_TYPES } from "@/lib/notifications/delivery-kinds";
import { adminHref } from "./admin-href";
import { DateRangeFilter } from "./date-range-filter";

const ALL = "all";
const PATH = "/admin/inbox";

export const OUTCOME_TONE: Record<string, string> = {
  applied: "bg-emerald-100 text-emerald-900",
  duplicate: "bg-slate-100 text-slate-700",
  ignored: "bg-slate-100 text-slate-700",
  deferred: "bg-amber-100 text-amber-900",
  rejected: "bg-red-100 text-red-900",
};

const isOutcome = (o: string): o is (typeof DELIVERY_OUTCOMES)[number] => (DELIVERY_OUTCOMES as readonly string[]).includes(o);

/** An outcome in the screen's language (an outcome Till does not name is shown as stored). */
export function useOutcomeText(): (outcome: string) => string {
  const t = useTranslations("adminInbox");
  return (outcome) => (isOutcome(outcome) ? t(`outcome.${outcome}`) : outcome);
}

/** Every notification Till received, newest first: verified or not, what it did, duplicates, the order it touched. */
export function InboxList({ rows, filters, nextCursor }: { rows: DeliveryView[]; filters: InboxFilterInput; nextCursor: string | null }) {
  const t = useTranslations("adminInbox");
  const outcomeText = useOutcomeText();
  const time = useStoreTime();
  const router = useRouter();
  const [pending, start] = useTransition();
  const go = (change: Record<string, string | undefined>) => start(() => router.push(adminHref(PATH, filters, change)));
  const outcomeOptions = [{ value: ALL, label: t("allOutcomes") }, ...DELIVERY_OUTCOMES.map((o) => ({ value: o, label: t(`outcome.${o}`) }))];
  const typeOptions = [{ value: ALL, label: t("allTypes") }, ...DELIVERY_TYPES.map((type) => ({ value: type, label: type }))];
  if (filters.type && !(DELIVERY_TYPES as readonly string[]).includes(filters.type)) typeOptions.push({ value: filters.type, label: filters.type });

  return (
    <section className="flex flex-col gap-4" aria-busy={pending}>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <p className="text-slate-600">{t("intro")}</p>
      <div className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-4" data-testid="inbox-filters">
        <Select aria-label={t("outcomeFilter")} value={filters.outcome ?? ALL} options={outcomeOptions} onValueChange={(v) => go({ outcome: v === ALL ? undefined : v })} />
        <Select aria-label={t("typeFilter")} value={filters.type ?? ALL} options={typeOptions} onValueChange={(v) => go({ type: v === ALL ? undefined : v })} />
        <DateRangeFilter from={filters.from} to={filters.to} labels={{ from: t("from"), to: t("to") }} onChange={go} />
      </div>
      {rows.length === 0 ? (
        <p className="rounded-2xl bg-white p-6 text-center text-slate-600">{t("empty")}</p>
      ) : (
        <Table data-testid="inbox-table">
          <TableHeader>
            <TableRow>
              <TableHead>{t("received")}</TableHead>
              <TableHead>{t("type")}</TableHead>
              <TableHead>{t("verification")}</TableHead>
              <TableHead>{t("outcomeFilter")}</TableHead>
              <TableHead className="text-right">{t("duplicates")}</TableHead>
              <TableHead>{t("order")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id} data-testid="inbox-row" data-event-id={row.eventId ?? ""}>
                <TableCell className="whitespace-nowrap tabular-nums">
                  <Link href={`${PATH}/${row.id}`} className="flex min-h-12 items-center font-medium text-brand underline-offset-2 hover:underline">
                    {time.dateTime(row.receivedAt)}
                  </Link>
                </TableCell>
                <TableCell className="font-mono text-sm">{row.eventType ?? "—"}</TableCell>
                <TableCell>{row.verified ? t("verified") : <span title={row.rejectReason ?? undefined}>{t("rejectedBecause")}</span>}</TableCell>
                <TableCell>
                  <span className={cn("whitespace-nowrap rounded-full px-2 py-1 text-sm font-medium", OUTCOME_TONE[row.outcome] ?? "bg-slate-100")}>{outcomeText(row.outcome)}</span>
                </TableCell>
                <TableCell className="text-right tabular-nums">{row.duplicateCount}</TableCell>
                <TableCell className="whitespace-nowrap">
                  {row.orderId ? (
                    <Link href={`/orders/${row.orderId}`} className="inline-flex min-h-12 min-w-12 items-center font-mono text-brand underline-offset-2 hover:underline">
                      {row.orderReference}
                    </Link>
                  ) : (
                    "—"
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <AdminPager
        label={t("pages")}
        newest={filters.cursor ? { href: adminHref(PATH, filters), text: t("newest") } : null}
        older={nextCursor ? { href: adminHref(PATH, filters, { cursor: nextCursor }), text: t("older") } : null}
      />
    </section>
  );
}
