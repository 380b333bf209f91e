"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import type { OrderJson } from "@/lib/orders/order-json";

/** The order's state in words a cashier understands, large enough to read across the counter. */
export function StatusBanner({ order, expiredLocally }: { order: OrderJson; expiredLocally: boolean }) {
  const { t, money } = useI18n();
  const late = order.payments.some((p) => p.late);
  const overpaid = order.amount_received > order.amount;
  const view = (() => {
    switch (order.status) {
      case "paid":
        return { tone: "bg-green-600 text-white", text: t("statusPaid"), big: true };
      case "partially_paid":
        return { tone: "bg-amber-100 text-amber-900", text: t("statusPartiallyPaid", { received: money(order.amount_received), amount: money(order.amount) }), big: false };
      case "expired":
        return { tone: "bg-slate-200 text-slate-800", text: t("statusExpired"), big: false };
      case "cancelled":
        return { tone: "bg-slate-200 text-slate-800", text: t("statusCancelled"), big: false };
      case "refunded":
        return { tone: "bg-slate-200 text-slate-800", text: t("statusRefunded"), big: false };
      default:
        return expiredLocally
          ? { tone: "bg-slate-200 text-slate-800", text: t("statusExpired"), big: false }
          : { tone: "bg-sky-50 text-sky-900", text: t("statusOpen"), big: false };
    }
  })();
  return (
    <div className={`rounded-2xl p-4 ${view.tone}`} role="status" aria-live="assertive" data-testid="order-status" data-status={order.status}>
      <p className={view.big ? "text-center text-6xl font-black tracking-wide" : "text-2xl font-semibold"}>{view.text}</p>
      {overpaid && <p className="mt-2 text-lg">{t("overpaidNote", { extra: money(order.amount_received - order.amount) })}</p>}
      {late && <p className="mt-2 text-lg">{t("lateNote")}</p>}
    </div>
  );
}
