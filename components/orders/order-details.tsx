"use client";

import { ArrowLeft, Printer, QrCode } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { OrderView } from "@/lib/orders/order-view";
import { OrderStatusBadge } from "./order-status-badge";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { RefundButton } from "@/components/refunds/refund-button";
import { isRefundReason } from "@/lib/refunds/refund-reasons";
import { LiveOrderRefresh } from "./live-order-refresh";
import { useItemLabel } from "./use-item-label";

function Section({ title, children, testId }: { title: string; children: ReactNode; testId: string }) {
  return (
    <section className="flex flex-col gap-2" data-testid={testId}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="flex flex-col">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-lg tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** The order's own page: what was sold, what arrived and how Till learned of it, what went back, and what the owner must look at. */
export function OrderDetails({ order }: { order: OrderView }) {
  const t = useTranslations("orderPage");
  const money = useMoney();
  const td = useTranslations("discrepancies");
  const label = useItemLabel();
  const tr = useTranslations("refund");
  const when = useStoreTime();
  const backHref = `/orders?day=${order.day}`;
  return (
    <main className="mx-auto flex w-full max-w-4xl flex-col gap-5 p-3 md:p-4">
      <LiveOrderRefresh orderId={order.id} />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Button asChild variant="ghost" size="sm" className="-ml-2">
          <Link href={backHref} data-testid="back-to-orders">
            <ArrowLeft aria-hidden className="size-5" />
            {t("back")}
          </Link>
        </Button>
        {order.live ? (
          <Button asChild size="counter" className="w-full md:w-auto">
            <Link href={`/charge/${order.id}`} data-testid="show-qr">
              <QrCode aria-hidden className="size-6" />
              {t("showQr")}
            </Link>
          </Button>
        ) : (
          <Button asChild size="counter" variant="outline" className="w-full md:w-auto">
            <Link href={`/orders/${order.id}/receipt`} data-testid="print-receipt">
              <Printer aria-hidden className="size-6" />
              {t("printReceipt")}
            </Link>
          </Button>
        )}
      </div>

      <header className="flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="font-mono text-2xl font-bold" data-testid="order-reference">
            {order.reference}
          </h1>
          <OrderStatusBadge status={order.status} amount={order.amount} received={order.received} className="text-base" />
        </div>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-3">
          <Fact label={t("amount")} testId="order-amount">
            {money(order.amount)}
          </Fact>
          <Fact label={t("received")} testId="order-received">
            {money(order.received)}
          </Fact>
          <Fact label={t("refunded")} testId="order-refunded">
            {money(order.refunded)}
          </Fact>
          <Fact label={t("created")}>
            <time dateTime={order.createdAt}>{when.dateTime(order.createdAt)}</time>
          </Fact>
          <Fact label={t("cashier")} testId="order-cashier">
            {order.cashier ?? "—"}
          </Fact>
          {order.paidAt && (
            <Fact label={t("paidAt")}>
              <time dateTime={order.paidAt}>{when.dateTime(order.paidAt)}</time>
            </Fact>
          )}
          {order.cancelledAt && (
            <Fact label={t("cancelledAt")}>
              <time dateTime={order.cancelledAt}>{when.dateTime(order.cancelledAt)}</time>
            </Fact>
          )}
          {order.live && (
            <Fact label={t("expiresAt")}>
              <time dateTime={order.expiresAt}>{when.dateTime(order.expiresAt)}</time>
            </Fact>
          )}
        </dl>
        {order.note && (
          <p className="whitespace-pre-wrap break-words">
            <span className="text-sm text-slate-500">{t("note")}: </span>
            {order.note}
          </p>
        )}
      </header>

      <Section title={t("items")} testId="order-items">
        {order.items.length === 0 ? (
          <p className="rounded-2xl bg-white p-4 text-slate-500">{t("noItems")}</p>
        ) : (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>{t("itemName")}</TableHead>
                <TableHead className="text-right">{t("quantity")}</TableHead>
                <TableHead className="hidden text-right md:table-cell">{t("unitPrice")}</TableHead>
                <TableHead className="text-right">{t("lineTotal")}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {order.items.map((item, i) => (
                <TableRow key={i}>
                  <TableCell className="break-words">{label(item)}</TableCell>
                  <TableCell className="text-right tabular-nums">{item.quantity}</TableCell>
                  <TableCell className="hidden text-right tabular-nums md:table-cell">{money(item.unitAmount)}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(item.unitAmount * item.quantity)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>

      <Section title={t("payments")} testId="order-payments">
        {order.payments.length === 0 ? (
          <p className="rounded-2xl bg-white p-4 text-slate-500">{t("noPayments")}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {order.payments.map((p) => (
              <li key={p.id} className="rounded-2xl bg-white p-4 shadow-sm" data-testid="payment" data-source={p.source}>
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="text-xl font-semibold tabular-nums">{money(p.amount)}</span>
                  {p.late && <span className="rounded-md bg-red-100 px-2 py-0.5 text-sm font-semibold text-red-900">{t("late")}</span>}
                  <span className="ml-auto text-slate-600 tabular-nums">
                    <time dateTime={p.paidAt}>{when.dateTime(p.paidAt)}</time>
                  </span>
                </div>
                {!order.live && p.refundable > 0 && (
                  <div className="mt-3">
                    <RefundButton orderId={order.id} paymentId={p.id} refundable={p.refundable} />
                  </div>
                )}
                <dl className="mt-2 grid grid-cols-1 gap-2 text-base md:grid-cols-3">
                  <div>
                    <dt className="text-sm text-slate-500">{t("method")}</dt>
                    <dd>{p.method ?? "—"}</dd>
                  </div>
                  <div>
                    <dt className="text-sm text-slate-500">{t("source")}</dt>
                    <dd>{t(`sources.${p.source}`)}</dd>
                  </div>
                  <div className="min-w-0">
                    <dt className="text-sm text-slate-500">{t("providerPaymentId")}</dt>
                    <dd className="break-all font-mono text-sm">{p.providerPaymentId}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title={t("refunds")} testId="order-refunds">
        {order.refunds.length === 0 ? (
          <p className="rounded-2xl bg-white p-4 text-slate-500">{t("noRefunds")}</p>
        ) : (
          <ul className="flex flex-col gap-2">
            {order.refunds.map((r) => (
              <li key={r.id} className="rounded-2xl bg-white p-4 shadow-sm" data-testid="refund">
                <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
                  <span className="text-xl font-semibold tabular-nums">{money(r.amount)}</span>
                  <span className="rounded-md bg-slate-100 px-2 py-0.5 text-sm font-semibold">{t(`refundStatuses.${r.status}`)}</span>
                  <span className="ml-auto text-slate-600 tabular-nums">
                    <time dateTime={r.createdAt}>{when.dateTime(r.createdAt)}</time>
                  </span>
                </div>
                <p className="mt-2 break-words">
                  <span className="text-sm text-slate-500">{t("reason")}: </span>
                  {isRefundReason(r.reason) ? tr(`reasons.${r.reason}`) : r.reason}
                </p>
                {r.requestedBy && (
                  <p className="text-sm text-slate-600">
                    {t("requestedBy")}: {r.requestedBy}
                  </p>
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>

      {order.discrepancies.length > 0 && (
        <Section title={t("discrepancies")} testId="order-discrepancies">
          <ul className="flex flex-col gap-2">
            {order.discrepancies.map((d) => {
              const vars = {
                expected: d.expected_amount === null ? "—" : money(d.expected_amount),
                actual: d.actual_amount === null ? "—" : money(d.actual_amount),
                extra: d.expected_amount !== null && d.actual_amount !== null ? money(Math.abs(d.actual_amount - d.expected_amount)) : "—",
              };
              return (
                <li key={d.id} className="rounded-2xl bg-white p-4 shadow-sm" data-testid="discrepancy" data-type={d.type}>
                  <div className="flex flex-wrap items-baseline gap-2">
                    <span className="rounded-md bg-amber-100 px-2 py-1 text-sm font-semibold text-amber-900">{td(`types.${d.type}.title`)}</span>
                    <span className="text-sm text-slate-600">{d.status === "open" ? t("discrepancyOpen") : t("discrepancyResolved")}</span>
                    <span className="ml-auto text-sm text-slate-500 tabular-nums">
                      <time dateTime={d.detected_at}>{when.dateTime(d.detected_at)}</time>
                    </span>
                  </div>
                  <p className="mt-2">{td(`types.${d.type}.text`, vars)}</p>
                  {d.status === "open" && <p className="mt-1 text-sm text-slate-600">{td(`types.${d.type}.fix`)}</p>}
                </li>
              );
            })}
          </ul>
        </Section>
      )}
    </main>
  );
}
