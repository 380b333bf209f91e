"use client";

import { useMoney } from "@/components/i18n/i18n-provider";
import type { OrderJson } from "@/lib/orders/order-json";
import { useItemLabel } from "./use-item-label";

/** An order's lines, each in the viewer's language. */
export function OrderLines({ items }: { items: OrderJson["items"] }) {
  const money = useMoney();
  const label = useItemLabel();
  if (items.length === 0) return null;
  return (
    <ul className="rounded-2xl bg-white p-4 text-slate-700 shadow-sm" data-testid="order-lines">
      {items.map((item, i) => (
        <li key={i} className="flex justify-between gap-3">
          <span className="min-w-0 [overflow-wrap:anywhere]">
            {label(item)} × {item.quantity}
          </span>
          <span className="shrink-0 tabular-nums">{money(item.unit_amount * item.quantity)}</span>
        </li>
      ))}
    </ul>
  );
}
