"use client";

import Link from "next/link";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { MessageKey } from "@/lib/i18n/messages";
import type { OrderJson } from "@/lib/orders/order-json";

const STATUS_KEYS: Record<string, MessageKey> = {
  open: "statusOpen",
  partially_paid: "statusPartiallyPaid",
  paid: "statusPaid",
  expired: "statusExpired",
  cancelled: "statusCancelled",
  refunded: "statusRefunded",
};

export function OrderList({ orders }: { orders: OrderJson[] }) {
  const { t, money, locale } = useI18n();
  if (orders.length === 0) return <p className="p-8 text-center text-slate-500">{t("noOrders")}</p>;
  return (
    <main className="p-4">
      <table className="w-full overflow-hidden rounded-xl bg-white shadow-sm">
        <thead className="bg-slate-50 text-left text-sm text-slate-500">
          <tr>
            <th className="p-3">{t("reference")}</th>
            <th className="p-3">{t("when")}</th>
            <th className="p-3 text-right">{t("amount")}</th>
            <th className="p-3">{t("status")}</th>
          </tr>
        </thead>
        <tbody>
          {orders.map((o) => (
            <tr key={o.id} className="border-t border-slate-100">
              <td className="p-3">
                <Link href={`/orders/${o.id}`} className="font-mono text-brand underline">
                  {o.reference}
                </Link>
              </td>
              <td className="p-3 tabular-nums">{new Date(o.created_at).toLocaleString(locale)}</td>
              <td className="p-3 text-right tabular-nums">{money(o.amount)}</td>
              <td className="p-3">{t(STATUS_KEYS[o.status] ?? "statusOpen", { received: money(o.amount_received), amount: money(o.amount) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
