"use client";

import { useTranslations } from "next-intl";
import { useMoney } from "@/components/i18n/i18n-provider";
import { cn } from "@/components/ui/cn";
import type { DisplayStatus } from "@/lib/orders/display-status";

const TONE: Record<DisplayStatus, string> = {
  open: "bg-amber-100 text-amber-900",
  partially_paid: "bg-amber-100 text-amber-900",
  paid: "bg-emerald-100 text-emerald-900",
  expired: "bg-slate-100 text-slate-600",
  cancelled: "bg-slate-100 text-slate-600",
  // Money the shop holds for an order that is off: the owner must accept or refund it.
  expired_received: "bg-red-100 text-red-900",
  cancelled_received: "bg-red-100 text-red-900",
  refunded: "bg-sky-100 text-sky-900",
};

/** An order's status in words that do not hide money received after it ended (display-status.ts). */
export function OrderStatusBadge({ status, amount, received, className }: { status: DisplayStatus; amount: number; received: number; className?: string }) {
  const t = useTranslations("orderList.status");
  const money = useMoney();
  return (
    <span className={cn("inline-block rounded-md px-2 py-1 text-sm font-semibold", TONE[status], className)} data-testid="order-status" data-status={status}>
      {t(status, { received: money(received), amount: money(amount) })}
    </span>
  );
}
