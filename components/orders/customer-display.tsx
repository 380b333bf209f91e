"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import type { CustomerView } from "@/lib/orders/customer-view";
import { formatSeconds, useSecondsLeft } from "./countdown";
import { useOrderStream } from "./use-order-stream";

export function CustomerDisplay({ initial, qrSvg, storeName }: { initial: CustomerView; qrSvg: string | null; storeName: string }) {
  const { t, money } = useI18n();
  const { order } = useOrderStream(`/api/display/orders/${initial.id}/events`, initial);
  const secondsLeft = useSecondsLeft(order.expires_at);
  const live = (order.status === "open" || order.status === "partially_paid") && secondsLeft > 0;
  const paid = order.status === "paid";
  return (
    <main className="flex min-h-full flex-col items-center justify-center gap-4 bg-white p-6 text-center" data-testid="customer-display" data-status={order.status}>
      <p className="text-xl text-slate-600">{storeName}</p>
      <p className="text-6xl font-bold tabular-nums">{money(order.amount)}</p>
      {paid ? (
        <div className="flex h-[min(70vw,420px)] w-[min(70vw,420px)] flex-col items-center justify-center rounded-3xl bg-green-600 text-white">
          <span className="text-9xl" aria-hidden>
            ✓
          </span>
          <span className="text-5xl font-black">{t("statusPaid")}</span>
        </div>
      ) : live && qrSvg ? (
        <>
          <p className="text-2xl font-medium">{t("scanToPay")}</p>
          <div className="h-[min(70vw,420px)] w-[min(70vw,420px)]" dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p className="text-xl tabular-nums">{t("expiresIn", { time: formatSeconds(secondsLeft) })}</p>
        </>
      ) : (
        <p className="rounded-2xl bg-slate-100 p-8 text-3xl">{t(order.status === "cancelled" ? "statusCancelled" : "statusExpired")}</p>
      )}
      <p className="font-mono text-slate-500">
        {t("reference")} {order.reference}
      </p>
    </main>
  );
}
