"use client";

import { useTranslations } from "next-intl";
import { useMoney } from "@/components/i18n/i18n-provider";
import { cn } from "@/components/ui/cn";
import type { OrderJson } from "@/lib/orders/order-json";

/**
 * The order's state in words a cashier understands, large enough to read
 * across the counter. Money that came in after the order ended is said as
 * such — all of it the customer's to get back unless the owner accepts it —
 * never as "paid too much".
 */
export function StatusBanner({ order, expiredLocally }: { order: OrderJson; expiredLocally: boolean }) {
  const t = useTranslations("status");
  const tc = useTranslations("charge");
  const money = useMoney();
  const received = money(order.amount_received);
  const ended = order.status === "expired" || order.status === "cancelled";
  // Once the owner accepts a late payment the order is paid, and the note no longer applies.
  const lateReceived = ended ? order.payments.filter((p) => p.late).reduce((sum, p) => sum + p.amount, 0) : 0;
  const view = (() => {
    switch (order.status) {
      case "paid":
        return { tone: "bg-green-600 text-white", text: t("paid"), big: true };
      case "partially_paid":
        return { tone: "bg-amber-100 text-amber-900", text: t("partially_paid", { received, amount: money(order.amount) }), big: false };
      case "expired":
        return { tone: "bg-slate-200 text-slate-800", text: order.amount_received > 0 ? t("expiredReceived", { received }) : t("expired"), big: false };
      case "cancelled":
        return { tone: "bg-slate-200 text-slate-800", text: order.amount_received > 0 ? t("cancelledReceived", { received }) : t("cancelled"), big: false };
      case "refunded":
        return { tone: "bg-slate-200 text-slate-800", text: t("refunded"), big: false };
      default:
        return expiredLocally ? { tone: "bg-slate-200 text-slate-800", text: t("expired"), big: false } : { tone: "bg-sky-50 text-sky-900", text: t("open"), big: false };
    }
  })();
  const overpaid = order.status === "paid" && order.amount_received > order.amount;
  return (
    <div className={cn("rounded-2xl p-4", view.tone)} role="status" aria-live="assertive" data-testid="order-status" data-status={order.status}>
      <p className={view.big ? "text-center text-5xl font-black tracking-wide sm:text-6xl" : "text-2xl font-semibold [overflow-wrap:anywhere]"}>{view.text}</p>
      {order.status === "partially_paid" && (
        <p className="mt-2 text-xl font-semibold" data-testid="still-due">
          {tc("stillDue", { due: money(order.amount - order.amount_received) })}
        </p>
      )}
      {overpaid && <p className="mt-2 text-lg">{tc("overpaidNote", { extra: money(order.amount_received - order.amount) })}</p>}
      {lateReceived > 0 && (
        <p className="mt-2 text-lg" data-testid="late-note">
          {tc("lateNote", { received: money(lateReceived) })}
        </p>
      )}
    </div>
  );
}
