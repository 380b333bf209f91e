"use client";

import { Download } from "lucide-react";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import type { SelectOption } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { OrderRow } from "@/lib/orders/order-view";
import type { OrderSearch } from "@/lib/orders/parse-order-search";
import type { OrdersSummary } from "@/lib/orders/summarize-orders";
import { OrderFilters } from "./order-filters";
import { OrderStatusBadge } from "./order-status-badge";
import { ordersExportHref, ordersHref, type OrderListFilters } from "./orders-href";
import { useStoreTime } from "@/components/i18n/use-store-time";

type Props = {
  rows: OrderRow[];
  summary: OrdersSummary;
  filters: OrderListFilters;
  search: OrderSearch | "unreadable" | undefined;
  nextCursor: string | null;
  cashiers: SelectOption[];
  terminals: SelectOption[];
  /** The owner may download the filtered orders as CSV; cashiers see the list only. */
  canExport: boolean;
};

/**
 * The Orders screen: a business day's orders, newest first, 50 a page. On a
 * tablet a table of six columns; on a phone each row stacks its status, time
 * and cashier under the reference and what it received under the amount, so
 * that nothing scrolls sideways.
 */
export function OrderList({ rows, summary, filters, search, nextCursor, cashiers, terminals, canExport }: Props) {
  const t = useTranslations("orderList");
  const th = useTranslations("orderHistory");
  const money = useMoney();
  const when = useStoreTime();
  const time = (row: OrderRow) => (row.day === filters.day ? when.time(row.createdAt) : when.dateTime(row.createdAt));
  const filtered = Boolean(filters.status || filters.cashier || filters.terminal || filters.q);
  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-3 p-3 md:p-4">
      <h1 className="sr-only">{t("title")}</h1>
      <OrderFilters filters={filters} cashiers={cashiers} terminals={terminals} />
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <p className="text-lg font-semibold" data-testid="orders-summary">
          {t("summary", { count: summary.count, received: money(summary.received) })}
          {summary.refunded > 0 && <span className="ml-2 text-base font-normal text-slate-600">· {t("summaryRefunded", { refunded: money(summary.refunded) })}</span>}
        </p>
        <p className="text-slate-600" data-testid="orders-search-note">
          {search === "unreadable" && t("searchNotUnderstood", { text: filters.q ?? "" })}
          {typeof search === "object" && "reference" in search && t("searchingReference", { reference: search.reference })}
          {typeof search === "object" && "amount" in search && t("searchingAmount", { amount: money(search.amount) })}
        </p>
        {filtered && (
          <Link href={ordersHref(filters, { status: undefined, cashier: undefined, terminal: undefined, q: undefined })} className="ml-auto flex min-h-12 items-center font-medium text-brand underline">
            {t("clear")}
          </Link>
        )}
        {canExport && (
          <Button asChild variant="outline" size="sm" className={filtered ? undefined : "ml-auto"}>
            <a href={ordersExportHref(filters)} data-testid="orders-export">
              <Download aria-hidden className="size-5" />
              {th("exportCsv")}
            </a>
          </Button>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="rounded-2xl bg-white p-8 text-center text-slate-500" data-testid="orders-empty">
          {filtered ? t("emptyFiltered") : t("empty", { day: when.day(filters.day) })}
        </p>
      ) : (
        <Table data-testid="order-table">
          <TableHeader>
            <TableRow>
              <TableHead>{t("columns.reference")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("columns.status")}</TableHead>
              <TableHead className="text-right">{t("columns.amount")}</TableHead>
              <TableHead className="hidden text-right md:table-cell">{t("columns.received")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("columns.time")}</TableHead>
              <TableHead className="hidden md:table-cell">{t("columns.cashier")}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => {
              const cashier = row.cashier ?? t("unknownCashier");
              return (
                <TableRow key={row.id} data-testid="order-row" data-order-id={row.id}>
                  <TableCell className="py-2">
                    <Link href={`/orders/${row.id}`} className="inline-flex min-h-12 items-center font-mono text-lg font-semibold text-brand underline" data-testid="order-link">
                      {row.reference}
                    </Link>
                    <div className="flex flex-col items-start gap-1 pb-1 md:hidden">
                      <OrderStatusBadge status={row.status} amount={row.amount} received={row.received} />
                      <span className="text-sm text-slate-600">
                        <time dateTime={row.createdAt}>{time(row)}</time> · {cashier}
                      </span>
                    </div>
                  </TableCell>
                  <TableCell className="hidden md:table-cell">
                    <OrderStatusBadge status={row.status} amount={row.amount} received={row.received} />
                  </TableCell>
                  <TableCell className="text-right align-top tabular-nums md:align-middle">
                    <span className="block pt-3 text-lg md:pt-0" data-testid="order-amount">{money(row.amount)}</span>
                    <span className="block text-sm text-slate-600 md:hidden">{t("receivedShort", { amount: money(row.received) })}</span>
                  </TableCell>
                  <TableCell className="hidden text-right tabular-nums md:table-cell" data-testid="order-received">
                    {money(row.received)}
                  </TableCell>
                  <TableCell className="hidden tabular-nums md:table-cell">
                    <time dateTime={row.createdAt}>{time(row)}</time>
                  </TableCell>
                  <TableCell className="hidden md:table-cell" data-testid="order-cashier">
                    {cashier}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {(filters.cursor || nextCursor) && (
        <nav className="flex flex-wrap justify-between gap-2">
          {filters.cursor ? (
            <Button asChild variant="ghost">
              <Link href={ordersHref(filters)}>{t("newest")}</Link>
            </Button>
          ) : (
            <span />
          )}
          {nextCursor && (
            <Button asChild variant="outline">
              <Link href={ordersHref(filters, { cursor: nextCursor })} data-testid="more-orders">
                {t("more")}
              </Link>
            </Button>
          )}
        </nav>
      )}
    </main>
  );
}
