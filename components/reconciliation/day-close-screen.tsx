"use client";

import { ChevronLeft, ChevronRight, Download, Lock } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { closeDayAction } from "@/app/(owner)/reconciliation/close/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { useMoney } from "@/components/i18n/i18n-provider";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { PrintButton } from "@/components/receipt/print-button";
import { Button } from "@/components/ui/button";
import { useToast } from "@/components/ui/toast";
import { ORDER_STATUSES } from "@/lib/orders/order-status";
import { PAYMENT_SOURCES, type Tally } from "@/lib/reconciliation/day-report";
import type { DayCloseView } from "@/lib/reconciliation/get-day-close";
import { DISCREPANCY_LOOK } from "./discrepancy-kinds";

const closeHref = (day: string) => `/reconciliation/close?day=${day}`;
type DiscrepancyType = keyof typeof DISCREPANCY_LOOK;
const isKnownType = (type: string): type is DiscrepancyType => type in DISCREPANCY_LOOK;

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="flex flex-col gap-1 rounded-xl bg-white p-3 print:rounded-none print:border-t print:border-dashed print:border-black print:p-0 print:pt-2" data-testid={testId}>
      <h2 className="font-semibold">{title}</h2>
      <dl className="flex flex-col">{children}</dl>
    </section>
  );
}

/**
 * The Z-report of a business day. Open: the figures as they stand, the kinds
 * of discrepancy still open (each to tick before closing) and the close
 * button. Closed: the frozen figures, who closed it and when, what was
 * acknowledged, and where rows stored after the close were booked; printable.
 */
export function DayCloseScreen({ view }: { view: DayCloseView }) {
  const t = useTranslations("dayClose");
  const td = useTranslations("discrepancies");
  const money = useMoney();
  const when = useStoreTime();
  const toast = useToast();
  const errorText = useErrorText();
  const router = useRouter();
  const [ticked, setTicked] = useState<string[]>([]);
  const [pending, start] = useTransition();
  const { report } = view;
  const openTypes = Object.keys(report.openDiscrepancies);
  const closed = view.state === "closed";
  const allTicked = openTypes.every((type) => ticked.includes(type));

  const row = (label: string, value: Tally | number, testId?: string, strong = false) => (
    <div key={label} className={`flex justify-between gap-3 py-0.5 ${strong ? "font-semibold" : ""}`} data-testid={testId}>
      <dt>{label}</dt>
      <dd className="tabular-nums">{typeof value === "number" ? money(value) : t("tally", { count: value.count, amount: money(value.amount) })}</dd>
    </div>
  );
  const typeTitle = (type: string) => (isKnownType(type) ? td(`types.${type}.title`) : type);

  const close = () =>
    start(async () => {
      const result = await closeDayAction({ day: view.day, acknowledged: ticked });
      if (result.ok) {
        toast("good", t("closedToast"));
        router.refresh();
        return;
      }
      if (result.code === "unauthorized" && result.extra?.reauth === "owner") {
        router.push(`/login?switch=1&reauth=owner&next=${encodeURIComponent(closeHref(view.day))}`);
        return;
      }
      toast("bad", result.extra?.missing ? t("acknowledgeAll") : errorText(result));
      router.refresh();
    });

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-3 p-3 text-slate-900 md:p-4 print:max-w-none print:gap-2 print:p-0 print:text-sm print:text-black" data-testid="day-close" data-state={view.state}>
      <nav className="flex items-center gap-2 print:hidden" aria-label={t("days")}>
        <Link href={closeHref(view.previous)} className="flex min-h-12 items-center gap-1 rounded-lg px-2 font-medium text-brand" data-testid="previous-day">
          <ChevronLeft aria-hidden className="size-5" />
          {t("previous")}
        </Link>
        {view.day !== view.today && (
          <Link href={closeHref(view.today)} className="flex min-h-12 items-center rounded-lg px-2 font-medium text-brand">
            {t("today")}
          </Link>
        )}
        <Link href={closeHref(view.next)} className="flex min-h-12 items-center gap-1 rounded-lg px-2 font-medium text-brand" data-testid="next-day">
          {t("next")}
          <ChevronRight aria-hidden className="size-5" />
        </Link>
        <a href={`/reconciliation/export.csv?day=${view.day}`} download className="ml-auto flex min-h-12 items-center gap-2 rounded-lg px-3 font-medium text-brand ring-2 ring-slate-200" data-testid="export-csv">
          <Download aria-hidden className="size-5" />
          {t("exportCsv")}
        </a>
      </nav>

      <header className="flex flex-col gap-1">
        <h1 className="text-2xl font-bold print:text-lg">{t("heading", { day: when.day(view.day) })}</h1>
        <p className="text-sm text-slate-600 print:text-black" data-testid="day-state">
          {closed && view.closedAt
            ? t("closedBy", { name: view.closedBy ?? "", time: when.dateTime(view.closedAt.toISOString()) })
            : view.state === "upcoming"
              ? t("upcoming")
              : t("openNote")}
        </p>
        <p className="text-xs text-slate-500 print:text-black">{t("span", { start: when.dateTime(report.start), end: when.dateTime(report.end), zone: report.timeZone })}</p>
      </header>

      <Section title={t("orders")} testId="orders">
        {ORDER_STATUSES.filter((s) => report.orders.byStatus[s]).map((s) => row(t(`statuses.${s}`), report.orders.byStatus[s]!))}
        {row(t("ordersTotal"), report.orders.total, "orders-total", true)}
        {row(t("expected"), report.orders.expected)}
      </Section>

      <Section title={t("payments")} testId="payments">
        {PAYMENT_SOURCES.filter((s) => report.payments.bySource[s]).map((s) => row(t(`sources.${s}`), report.payments.bySource[s]!))}
        {row(t("received"), report.payments.total, "received", true)}
        {report.payments.late.count > 0 && row(t("late"), report.payments.late)}
        {row(t("settled"), report.payments.settled)}
        {row(t("fees"), report.payments.fees)}
      </Section>

      <Section title={t("refundsAndNet")} testId="net">
        {row(t("refunds"), report.refunds, "refunds")}
        {row(t("net"), report.net, "net", true)}
      </Section>

      {(report.carriedIn.orders > 0 || report.carriedIn.payments.count > 0 || report.carriedIn.refunds.count > 0) && (
        <p className="rounded-xl bg-sky-50 p-3 text-sm text-sky-900 print:bg-transparent print:p-0 print:text-black" data-testid="carried-in">
          {t("carriedIn", { orders: report.carriedIn.orders, payments: report.carriedIn.payments.count, refunds: report.carriedIn.refunds.count, amount: money(report.carriedIn.payments.amount - report.carriedIn.refunds.amount) })}
        </p>
      )}

      <section className="flex flex-col gap-2 rounded-xl bg-white p-3 print:rounded-none print:border-t print:border-dashed print:border-black print:p-0 print:pt-2" data-testid="open-discrepancies">
        <h2 className="font-semibold">{t("openDiscrepancies")}</h2>
        {openTypes.length === 0 && <p className="text-sm text-slate-600 print:text-black">{t("noneOpen")}</p>}
        {closed ? (
          openTypes.length > 0 && (
            <ul className="flex flex-col gap-1 text-sm">
              {openTypes.map((type) => (
                <li key={type} data-type={type}>
                  {t("acknowledgedLine", { type: typeTitle(type), count: report.openDiscrepancies[type] ?? 0, acknowledged: String(view.acknowledged.includes(type)) })}
                </li>
              ))}
            </ul>
          )
        ) : (
          <>
            {openTypes.length > 0 && <p className="text-sm text-amber-800">{t("acknowledgeHint")}</p>}
            {openTypes.map((type) => (
              <label key={type} className="flex min-h-12 items-center gap-3 rounded-lg px-2 ring-1 ring-slate-200" data-type={type}>
                <input
                  type="checkbox"
                  className="size-5 accent-brand"
                  checked={ticked.includes(type)}
                  onChange={(e) => setTicked((now) => (e.target.checked ? [...now, type] : now.filter((x) => x !== type)))}
                  data-testid={`acknowledge-${type}`}
                />
                <span>{t("acknowledge", { type: typeTitle(type), count: report.openDiscrepancies[type] ?? 0 })}</span>
              </label>
            ))}
            <Link href="/discrepancies" className="text-sm font-medium text-brand underline">
              {t("reviewDiscrepancies")}
            </Link>
          </>
        )}
      </section>

      {view.bookedElsewhere.length > 0 && (
        <ul className="flex flex-col gap-1 rounded-xl bg-amber-50 p-3 text-sm text-amber-900 print:bg-transparent print:p-0 print:text-black" data-testid="booked-after-close">
          {view.bookedElsewhere.map((b) => (
            <li key={b.day}>
              {t.rich("bookedAfterClose", {
                count: b.orders + b.payments.count + b.refunds.count,
                day: b.day,
                link: (chunks) => (
                  <Link href={closeHref(b.day)} className="font-medium underline">
                    {chunks}
                  </Link>
                ),
              })}{" "}
              {t("bookedAmount", { amount: money(b.payments.amount - b.refunds.amount) })}
            </li>
          ))}
        </ul>
      )}

      {closed ? (
        <div className="flex flex-col gap-2 print:hidden">
          <p className="flex items-center gap-2 text-sm text-slate-600">
            <Lock aria-hidden className="size-4" />
            {t("readOnly")}
          </p>
          <PrintButton label={t("print")} />
        </div>
      ) : (
        view.state === "open" && (
          <div className="flex flex-col gap-2 print:hidden">
            <p className="text-sm text-slate-600">{t("closeNote")}</p>
            <Button size="counter" onClick={close} disabled={pending || !allTicked} data-testid="close-day">
              <Lock aria-hidden className="size-5" />
              {t("close")}
            </Button>
          </div>
        )
      )}
    </main>
  );
}
