"use client";

import { CircleCheck } from "lucide-react";
import { useMessages } from "next-intl";
import { useMoney } from "@/components/i18n/i18n-provider";
import type { CustomerView } from "@/lib/orders/customer-view";
import type { Messages } from "@/lib/i18n/messages";
import { formatSeconds, useSecondsLeft } from "./countdown";
import { useItemLabel } from "./use-item-label";
import { useOrderStream } from "./use-order-stream";

/**
 * The screen that faces the customer: the amount, the lines, the QR and its
 * countdown, then PAID. Its words are in both languages at once — the
 * customer may not read the cashier's — with the cashier's language first.
 */
export function CustomerDisplay({ initial, qrSvg, storeName, other }: { initial: CustomerView; qrSvg: string | null; storeName: string; other: Messages["display"] }) {
  const own = useMessages().display;
  const money = useMoney();
  const label = useItemLabel();
  const { order } = useOrderStream(`/api/display/orders/${initial.id}/events`, initial);
  const secondsLeft = useSecondsLeft(order.expires_at);
  const live = (order.status === "open" || order.status === "partially_paid") && secondsLeft !== 0;
  const paid = order.status === "paid";
  const both = (key: keyof Messages["display"]) => (
    <>
      <span>{own[key]}</span>
      <span className="block text-[0.75em] font-normal opacity-75">{other[key]}</span>
    </>
  );
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-4 bg-white p-4 text-center sm:p-6" data-testid="customer-display" data-status={order.status}>
      <p className="text-xl text-slate-600">{storeName}</p>
      <p className="text-[clamp(2.25rem,11vw,3.75rem)] font-bold leading-tight tabular-nums [overflow-wrap:anywhere]" data-testid="display-amount">
        {money(order.amount)}
      </p>
      {order.lines.length > 0 && (
        <ul className="w-full max-w-md text-left text-lg text-slate-700" aria-label={`${own.items} / ${other.items}`} data-testid="display-lines">
          {order.lines.map((line, i) => (
            <li key={i} className="flex justify-between gap-3 border-b border-slate-100 py-1">
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {label(line)} × {line.quantity}
              </span>
              <span className="shrink-0 tabular-nums">{money(line.amount)}</span>
            </li>
          ))}
        </ul>
      )}
      {paid ? (
        <div className="flex aspect-square w-[min(70vw,26rem)] flex-col items-center justify-center gap-2 rounded-3xl bg-green-600 p-4 text-4xl font-black text-white">
          <CircleCheck aria-hidden className="size-28" />
          <p>{both("paid")}</p>
        </div>
      ) : live && qrSvg ? (
        <>
          <p className="text-2xl font-medium">{both("scanToPay")}</p>
          <div className="aspect-square w-[min(80vw,26rem)] [&>svg]:h-full [&>svg]:w-full" dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p className="text-xl tabular-nums" data-testid="display-countdown">
            {formatSeconds(secondsLeft)}
          </p>
        </>
      ) : (
        <p className="rounded-2xl bg-slate-100 p-8 text-3xl">{both("ended")}</p>
      )}
      <p className="font-mono text-slate-500">{order.reference}</p>
    </main>
  );
}
