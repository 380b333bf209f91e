"use client";

import { ChevronLeft, ChevronRight, Search } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select, type SelectOption } from "@/components/ui/select";
import { ORDER_STATUSES } from "@/lib/orders/order-status";
import { nextDay, previousDay } from "@/lib/stores/business-day";
import { ordersHref, type OrderListFilters } from "./orders-href";

const ALL = "all";

/** The day, status, cashier, terminal and search of the Orders screen; each change is a new address (so a reload keeps it). */
export function OrderFilters({ filters, cashiers, terminals }: { filters: OrderListFilters; cashiers: SelectOption[]; terminals: SelectOption[] }) {
  const t = useTranslations("orderList");
  const th = useTranslations("orderHistory");
  const router = useRouter();
  const [pending, start] = useTransition();
  const go = (href: string) => start(() => router.push(href));
  const onSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const q = new FormData(event.currentTarget).get("q");
    go(ordersHref(filters, { q: typeof q === "string" && q.trim() !== "" ? q.trim() : undefined }));
  };
  const statusOptions = [{ value: ALL, label: t("allStatuses") }, ...ORDER_STATUSES.map((s) => ({ value: s, label: t(`statusOption.${s}`) }))];
  return (
    <div className="flex flex-col gap-2 md:flex-row md:flex-wrap md:items-center" aria-busy={pending} data-testid="order-filters">
      <div className="flex items-center gap-1">
        <Button asChild variant="outline" size="sm" className="w-12 shrink-0 px-0">
          <Link href={ordersHref(filters, { day: previousDay(filters.day) })} aria-label={t("previousDay")} data-testid="previous-day">
            <ChevronLeft aria-hidden className="size-6" />
          </Link>
        </Button>
        <Input
          key={filters.day}
          type="date"
          aria-label={t("day")}
          defaultValue={filters.day}
          max={filters.today}
          onChange={(event) => {
            if (event.currentTarget.value) go(ordersHref(filters, { day: event.currentTarget.value }));
          }}
          className="min-w-0 flex-1 md:w-44 md:flex-none"
          data-testid="day"
        />
        {filters.day < filters.today ? (
          <Button asChild variant="outline" size="sm" className="w-12 shrink-0 px-0">
            <Link href={ordersHref(filters, { day: nextDay(filters.day) })} aria-label={t("nextDay")} data-testid="next-day">
              <ChevronRight aria-hidden className="size-6" />
            </Link>
          </Button>
        ) : (
          <Button variant="outline" size="sm" className="w-12 shrink-0 px-0" disabled aria-label={t("nextDay")} data-testid="next-day">
            <ChevronRight aria-hidden className="size-6" />
          </Button>
        )}
        {filters.day !== filters.today && (
          <Button asChild variant="ghost" size="sm" className="shrink-0">
            <Link href={ordersHref(filters, { day: filters.today })}>{t("today")}</Link>
          </Button>
        )}
      </div>
      <div className="grid grid-cols-2 gap-2 md:flex">
        <Select
          aria-label={t("statusFilter")}
          value={filters.status ?? ALL}
          options={statusOptions}
          onValueChange={(value) => go(ordersHref(filters, { status: value === ALL ? undefined : value }))}
          className="min-w-0 md:w-48 [&>span:first-child]:truncate"
        />
        <Select
          aria-label={t("cashierFilter")}
          value={filters.cashier ?? ALL}
          options={[{ value: ALL, label: t("allCashiers") }, ...cashiers]}
          onValueChange={(value) => go(ordersHref(filters, { cashier: value === ALL ? undefined : value }))}
          className="min-w-0 md:w-52 [&>span:first-child]:truncate"
        />
        <Select
          aria-label={th("terminalFilter")}
          value={filters.terminal ?? ALL}
          options={[{ value: ALL, label: th("allTerminals") }, ...terminals]}
          onValueChange={(value) => go(ordersHref(filters, { terminal: value === ALL ? undefined : value }))}
          className="min-w-0 md:w-52 [&>span:first-child]:truncate"
        />
      </div>
      <form role="search" onSubmit={onSearch} className="flex min-w-0 gap-2 md:flex-1">
        <Input
          key={filters.q ?? ""}
          name="q"
          type="search"
          inputMode="search"
          defaultValue={filters.q}
          placeholder={t("searchPlaceholder")}
          aria-label={t("searchLabel")}
          className="min-w-0 flex-1"
          data-testid="order-search"
        />
        <Button type="submit" size="sm" aria-label={t("search")} className="w-12 shrink-0 px-0">
          <Search aria-hidden className="size-6" />
        </Button>
      </form>
    </div>
  );
}
