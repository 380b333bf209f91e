"use client";

import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useMoney } from "@/components/i18n/i18n-provider";
import type { OrderJson } from "@/lib/orders/order-json";

export function OrderList({ orders }: { orders: OrderJson[] }) {
  const t = useTranslations("status");
  const tc = useTranslations("common");
  const money = useMoney();
  const format = useFormatter();
  if (orders.length === 0) return <p className="p-8 text-center text-slate-500">—</p>;
  return (
    <main className="p-4">
      <table className="w-full overflow-hidden rounded-xl bg-white shadow-sm">
        <thead className="bg-slate-50 text-left text-sm text-slate-500">
          <tr>
            <th className="p-3">{tc("order")}</th>
            <th className="p-3">{tc("time")}</th>
            <th className="p-3 text-right">{tc("amount")}</th>
            <th className="p-3">{tc("status")}</th>
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
              <td className="p-3 tabular-nums">{format.dateTime(new Date(o.created_at), { dateStyle: "short", timeStyle: "short" })}</td>
              <td className="p-3 text-right tabular-nums">{money(o.amount)}</td>
              <td className="p-3">{t(o.status, { received: money(o.amount_received), amount: money(o.amount) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}
