"use client";

import { CircleCheck, MonitorSmartphone } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState, useTransition } from "react";
import { cancelOrderAction, chargeAgainAction, checkOrderAction } from "@/app/(terminal)/charge/[orderId]/actions";
import { useErrorText, type ActionError } from "@/components/i18n/error-text";
import { useMoney } from "@/components/i18n/i18n-provider";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";
import { checkVerdict, type CheckVerdict } from "@/lib/orders/check-verdict";
import { toDecimalString } from "@/lib/money";
import type { OrderJson } from "@/lib/orders/order-json";
import { formatSeconds, useNow } from "./countdown";
import { OrderLines } from "./order-lines";
import { playPaidSound } from "./paid-sound";
import { speak } from "./speak";
import { voiceEnabled } from "./voice-setting";
import { StatusBanner } from "./status-banner";
import { useOrderStream } from "./use-order-stream";

/** What the last action said, kept as facts so that its words follow a language switch. */
type Notice = { kind: "checking" } | { kind: "verdict"; verdict: CheckVerdict } | { kind: "unavailable" } | { kind: "error"; error: ActionError; good: boolean };

const CHECK_MESSAGES = {
  paid: "checkPaid",
  not_paid: "checkNotPaid",
  partially_paid: "checkPartiallyPaid",
  paid_after_end: "checkPaidAfterEnd",
  refunded: "checkRefunded",
} as const;

/** "Check payment" is offered quietly at first: a customer who just scanned has not had time to pay. */
const CHECK_PROMINENT_AFTER_MS = 8_000;

/**
 * The payment screen of one order: its QR while it can be paid, a PAID screen
 * once it is, and what to do next when it ended unpaid.
 */
export function OrderScreen({ initial, qrSvg, providerName, qrProvider }: { initial: OrderJson; qrSvg: string | null; providerName: string; qrProvider?: string }) {
  const t = useTranslations("charge");
  const tp = useTranslations("chooseProvider");
  const tc = useTranslations("common");
  const ts = useTranslations("status");
  const errorText = useErrorText();
  const money = useMoney();
  const when = useStoreTime();
  const locale = useLocale();
  const router = useRouter();
  const { order, online, setOrder } = useOrderStream(`/api/terminal/orders/${initial.id}/events`, initial);
  const now = useNow();
  const secondsLeft = now === null ? null : Math.max(0, Math.ceil((new Date(order.expires_at).getTime() - now) / 1000));
  const [notice, setNotice] = useState<Notice | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [pending, start] = useTransition();
  const previous = useRef(initial.status);
  const live = order.status === "open" || order.status === "partially_paid";
  const paid = order.status === "paid";
  const ended = order.status === "expired" || order.status === "cancelled";
  const checkProminent = now !== null && now - new Date(order.created_at).getTime() >= CHECK_PROMINENT_AFTER_MS;

  useEffect(() => {
    if (order.status === "paid" && previous.current !== "paid") {
      playPaidSound();
      if (voiceEnabled()) speak(t("spokenPaid", { amount: toDecimalString(order.amount_received, order.currency), currency: order.currency }), locale);
    }
    previous.current = order.status;
  }, [order.status, order.amount_received, order.currency, t, locale]);

  const check = () =>
    start(async () => {
      setNotice({ kind: "checking" });
      const result = await checkOrderAction({ orderId: order.id }).catch(() => null);
      if (!result?.ok) return setNotice({ kind: "unavailable" });
      setOrder(result.data.order);
      setNotice({ kind: "verdict", verdict: checkVerdict(result.data.order) });
    });

  const cancel = () =>
    start(async () => {
      setCancelling(false);
      const result = await cancelOrderAction({ orderId: order.id }).catch(() => null);
      if (!result) return setNotice({ kind: "error", error: { code: "internal_error", message: "" }, good: false });
      if (result.ok) return setOrder(result.data);
      const latest = result.extra?.order as OrderJson | undefined;
      if (latest) setOrder(latest);
      const paidMeanwhile = latest !== undefined && latest.amount_received >= latest.amount;
      setNotice({ kind: "error", error: result.code === "conflict" && paidMeanwhile ? { code: "cancelPaid", message: "" } : result, good: paidMeanwhile });
    });

  const chargeAgain = () =>
    start(async () => {
      const result = await chargeAgainAction({ orderId: order.id }).catch(() => null);
      if (!result) return setNotice({ kind: "error", error: { code: "internal_error", message: "" }, good: false });
      if (!result.ok) return setNotice({ kind: "error", error: result, good: false });
      router.push(`/charge/${result.data.orderId}`);
    });

  const noticeView = (() => {
    if (!notice) return null;
    switch (notice.kind) {
      case "checking":
        return { tone: "info", text: t("checking") };
      case "unavailable":
        return { tone: "bad", text: t("checkUnavailable") };
      case "verdict":
        return { tone: notice.verdict === "paid" ? "good" : "bad", text: t(CHECK_MESSAGES[notice.verdict], { received: money(order.amount_received), amount: money(order.amount) }) };
      case "error":
        return { tone: notice.good ? "good" : "bad", text: errorText(notice.error) };
    }
  })();

  const lastPayment = order.payments.at(-1);

  return (
    <main className="mx-auto grid w-full max-w-5xl gap-3 p-3 md:grid-cols-[minmax(0,22rem)_minmax(0,1fr)] md:p-4">
      <section className="flex min-w-0 flex-col items-center gap-2 rounded-2xl bg-white p-4 shadow-sm" data-testid="qr-panel">
        {live && qrSvg ? (
          <>
            <p className="text-lg font-medium">{t("scanToPay")}</p>
            {qrProvider && (
              <p className="text-slate-600 [overflow-wrap:anywhere]" data-testid="qr-provider">
                {tp("via", { name: qrProvider })}
              </p>
            )}
            <div className="aspect-square w-full max-w-[20rem] [&>svg]:h-full [&>svg]:w-full" data-testid="order-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
            <p className="text-xl tabular-nums" data-testid="countdown">
              {t("expiresIn", { time: formatSeconds(secondsLeft) })}
            </p>
            <a href={`/display/${order.id}`} target="till-customer-display" className="flex min-h-12 items-center gap-2 text-brand underline" data-testid="open-display">
              <MonitorSmartphone aria-hidden className="size-5" />
              {t("customerDisplay")}
            </a>
          </>
        ) : paid ? (
          <div className="flex w-full flex-col items-center gap-3 py-4 text-center" data-testid="paid-panel">
            <CircleCheck aria-hidden className="size-24 text-green-600" />
            <dl className="grid w-full grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-left">
              {order.paid_at && (
                <>
                  <dt className="text-slate-500">{t("paidAt")}</dt>
                  <dd className="tabular-nums" data-testid="paid-at">{when.dateTime(order.paid_at)}</dd>
                </>
              )}
              <dt className="text-slate-500">{t("method")}</dt>
              <dd>{providerName}</dd>
              {lastPayment && (
                <>
                  <dt className="text-slate-500">{t("providerPaymentId")}</dt>
                  <dd className="font-mono text-sm [overflow-wrap:anywhere]" data-testid="provider-payment-id">{lastPayment.provider_payment_id}</dd>
                </>
              )}
            </dl>
          </div>
        ) : (
          <div className="flex w-full flex-col items-center justify-center gap-2 rounded-xl bg-slate-100 p-6 text-center" data-testid="qr-ended">
            <p className="text-2xl font-semibold">{ts(order.status === "cancelled" ? "cancelled" : order.status === "refunded" ? "refunded" : "expired")}</p>
            <p className="text-slate-600">{t("qrEnded")}</p>
          </div>
        )}
      </section>
      <section className="flex min-w-0 flex-col gap-3">
        <div className="@container rounded-2xl bg-white p-4 shadow-sm">
          <p className="text-slate-500">
            {tc("order")} <span className="font-mono font-semibold text-slate-900" data-testid="order-reference">{order.reference}</span>
          </p>
          <p className="text-[clamp(2rem,12cqi,3.75rem)] font-bold leading-tight tabular-nums [overflow-wrap:anywhere]" data-testid="order-amount">
            {money(order.amount)}
          </p>
          {order.amount_received > 0 && (
            <p className="mt-1 text-slate-600">
              {tc("received")}: <span className="tabular-nums">{money(order.amount_received)}</span>
            </p>
          )}
        </div>
        <StatusBanner order={order} expiredLocally={live && secondsLeft === 0} />
        {!online && <p className="rounded-lg bg-amber-50 p-3 text-amber-800">{tc("offline")}</p>}
        {noticeView && (
          <p
            role="status"
            className={`rounded-lg p-3 text-lg ${noticeView.tone === "good" ? "bg-green-50 text-green-800" : noticeView.tone === "bad" ? "bg-red-50 text-red-800" : "bg-slate-50 text-slate-700"}`}
            data-testid="check-notice"
          >
            {noticeView.text}
          </p>
        )}
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {paid && (
            <>
              <Button asChild size="counter">
                <Link href="/sale" data-testid="new-sale">
                  {tc("newSale")}
                </Link>
              </Button>
              <Button asChild size="counter" variant="outline">
                <Link href={`/orders/${order.id}/receipt`} data-testid="print-receipt">
                  {t("printReceipt")}
                </Link>
              </Button>
              <Button asChild size="counter" variant="outline" className="sm:col-span-2">
                <Link href={`/orders/${order.id}`}>{t("orderPage")}</Link>
              </Button>
            </>
          )}
          {ended && order.amount_received === 0 && (
            <Button size="counter" onClick={chargeAgain} disabled={pending} data-testid="charge-again">
              {pending ? t("creatingQr") : t("newQr")}
            </Button>
          )}
          {ended && (
            <Button asChild size="counter" variant={order.amount_received === 0 ? "outline" : "primary"}>
              <Link href="/sale" data-testid="new-sale">
                {tc("newSale")}
              </Link>
            </Button>
          )}
          {!paid && (
            <Button variant={live && checkProminent ? "secondary" : "outline"} size="counter" onClick={check} disabled={pending} data-testid="check" data-prominent={live && checkProminent}>
              {t("checkPayment")}
            </Button>
          )}
          {live && (
            <Button variant="danger" size="counter" onClick={() => setCancelling(true)} disabled={pending} data-testid="cancel">
              {t("cancelOrder")}
            </Button>
          )}
        </div>
        <OrderLines items={order.items} />
      </section>
      <Dialog open={cancelling} onOpenChange={setCancelling}>
        <DialogContent title={t("cancelTitle")} description={t("cancelText")} closeLabel={tc("close")} data-testid="cancel-dialog">
          <div className="flex flex-col gap-3 sm:flex-row-reverse">
            <Button size="counter" variant="danger" onClick={cancel} className="flex-1" data-testid="cancel-confirm">
              {t("cancelOrder")}
            </Button>
            <DialogClose asChild>
              <Button size="counter" variant="outline" className="flex-1">
                {t("keepOrder")}
              </Button>
            </DialogClose>
          </div>
        </DialogContent>
      </Dialog>
    </main>
  );
}
