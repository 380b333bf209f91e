"use client";

import Link from "next/link";
import { useEffect, useRef, useState, useTransition } from "react";
import { cancelOrderAction, checkOrderAction } from "@/app/(terminal)/charge/[orderId]/actions";
import { errorText } from "@/components/i18n/error-text";
import { Button } from "@/components/ui/button";
import { useI18n } from "@/components/i18n/i18n-provider";
import { checkVerdict } from "@/lib/orders/check-verdict";
import type { OrderJson } from "@/lib/orders/order-json";
import { formatSeconds, useSecondsLeft } from "./countdown";
import { playPaidSound } from "./paid-sound";
import { StatusBanner } from "./status-banner";
import { useOrderStream } from "./use-order-stream";

type Notice = { tone: "good" | "bad" | "info"; text: string };

const CHECK_MESSAGES = {
  paid: "checkPaid",
  not_paid: "checkNotPaid",
  partially_paid: "checkPartiallyPaid",
  paid_after_end: "checkPaidAfterEnd",
  refunded: "checkRefunded",
} as const;

export function OrderScreen({ initial, qrSvg }: { initial: OrderJson; qrSvg: string | null }) {
  const { t, money } = useI18n();
  const { order, online, setOrder } = useOrderStream(`/api/terminal/orders/${initial.id}/events`, initial);
  const secondsLeft = useSecondsLeft(order.expires_at);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [pending, start] = useTransition();
  const previous = useRef(initial.status);
  const live = order.status === "open" || order.status === "partially_paid";

  useEffect(() => {
    if (order.status === "paid" && previous.current !== "paid") playPaidSound();
    previous.current = order.status;
  }, [order.status]);

  const check = () =>
    start(async () => {
      setNotice({ tone: "info", text: t("checking") });
      const result = await checkOrderAction({ orderId: order.id }).catch(() => null);
      if (!result?.ok) return setNotice({ tone: "bad", text: t("checkUnavailable") });
      setOrder(result.data.order);
      const verdict = checkVerdict(result.data.order);
      setNotice({ tone: verdict === "paid" ? "good" : "bad", text: t(CHECK_MESSAGES[verdict], { received: money(result.data.order.amount_received), amount: money(result.data.order.amount) }) });
    });

  const cancel = () =>
    start(async () => {
      if (!window.confirm(t("cancelConfirm"))) return;
      const result = await cancelOrderAction({ orderId: order.id }).catch(() => null);
      if (!result) return setNotice({ tone: "bad", text: t("genericError") });
      if (result.ok) return setOrder(result.data);
      const latest = result.extra?.order as OrderJson | undefined;
      if (latest) setOrder(latest);
      const paid = latest !== undefined && latest.amount_received >= latest.amount;
      setNotice({ tone: paid ? "good" : "bad", text: errorText(t, result, paid ? "errCancelPaid" : "errConflict") });
    });

  return (
    <main className="mx-auto grid max-w-5xl gap-4 p-4 md:grid-cols-[auto_1fr]">
      <section className="flex flex-col items-center gap-2 rounded-2xl bg-white p-4 shadow-sm">
        <p className="text-lg font-medium">{t("scanToPay")}</p>
        {qrSvg && live ? (
          <div className="h-[360px] w-[360px]" data-testid="order-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        ) : (
          <div className="flex h-[360px] w-[360px] items-center justify-center rounded-xl bg-slate-100 text-center text-slate-500">
            {t(order.status === "paid" ? "statusPaid" : "statusExpired")}
          </div>
        )}
        {live && (
          <a href={`/display/${order.id}`} target="till-customer-display" className="text-brand underline" data-testid="open-display">
            {t("customerDisplay")} ↗
          </a>
        )}
        {live && (
          <p className="text-xl tabular-nums" data-testid="countdown">
            {t("expiresIn", { time: formatSeconds(secondsLeft) })}
          </p>
        )}
      </section>
      <section className="flex flex-col gap-3">
        <div className="rounded-2xl bg-white p-4 shadow-sm">
          <p className="text-slate-500">
            {t("reference")} <span className="font-mono font-semibold text-slate-900" data-testid="order-reference">{order.reference}</span>
          </p>
          <p className="text-6xl font-bold tabular-nums" data-testid="order-amount">{money(order.amount)}</p>
          {order.amount_received > 0 && (
            <p className="mt-1 text-slate-600">
              {t("received")}: <span className="tabular-nums">{money(order.amount_received)}</span>
            </p>
          )}
        </div>
        <StatusBanner order={order} expiredLocally={live && secondsLeft === 0} />
        {!online && <p className="rounded-lg bg-amber-50 p-3 text-amber-800">{t("offline")}</p>}
        {notice && (
          <p role="status" className={`rounded-lg p-3 text-lg ${notice.tone === "good" ? "bg-green-50 text-green-800" : notice.tone === "bad" ? "bg-red-50 text-red-800" : "bg-slate-50 text-slate-700"}`} data-testid="check-notice">
            {notice.text}
          </p>
        )}
        <div className="grid grid-cols-2 gap-3">
          <Button variant="secondary" size="counter" onClick={check} disabled={pending} data-testid="check">
            {t("customerSaysPaid")}
          </Button>
          {live ? (
            <Button variant="danger" size="counter" onClick={cancel} disabled={pending} data-testid="cancel">
              {t("cancel")}
            </Button>
          ) : (
            <Button asChild size="counter">
              <Link href="/sale" data-testid="new-sale">
                {t("newSale")}
              </Link>
            </Button>
          )}
        </div>
        {order.items.length > 0 && (
          <ul className="rounded-2xl bg-white p-4 text-slate-700 shadow-sm">
            {order.items.map((item, i) => (
              <li key={i} className="flex justify-between">
                <span>
                  {item.name} × {item.quantity}
                </span>
                <span className="tabular-nums">{money(item.unit_amount * item.quantity)}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </main>
  );
}
