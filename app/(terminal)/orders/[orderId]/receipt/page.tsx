import type { Metadata } from "next";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/receipt/print-button";
import { formatMoney } from "@/lib/money";
import { itemLabel } from "@/lib/orders/item-label";
import { loadOrder } from "@/lib/orders/load-order";
import { orderJson } from "@/lib/orders/order-json";
import { orderQrSvg } from "@/lib/orders/order-qr-svg";
import { accountOfConnection } from "@/lib/providers/account-of-connection";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

type Props = { params: Promise<{ orderId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const order = await loadOrder((await serverCtx()).db, staff.actor.storeId, orderId);
  return { title: (await getTranslations("title"))("receipt", { reference: order?.reference ?? "" }) };
}

/**
 * A printable receipt: on an 80 mm thermal roll or A4, in the viewer's
 * language and the store's time zone. Its QR holds the order's reference, so
 * that scanning it at the counter (the Scan page) opens the order for a refund.
 */
export default async function ReceiptPage({ params }: Props) {
  const [{ orderId }, staff] = await Promise.all([params, requireStaff()]);
  const ctx = await serverCtx();
  const record = await loadOrder(ctx.db, staff.actor.storeId, orderId);
  if (!record) notFound();
  const [store, account, qrSvg, t, ts, tsale, format, locale] = await Promise.all([
    getStore(ctx, staff.actor.storeId),
    accountOfConnection(ctx.db, record.charge?.connectionId),
    orderQrSvg(record.reference),
    getTranslations("receipt"),
    getTranslations("status"),
    getTranslations("sale"),
    getFormatter(),
    getLocale(),
  ]);
  const order = orderJson(record);
  const money = (minor: number) => formatMoney(minor, order.currency, locale);
  const when = (iso: string) => format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "medium" });
  const statusWords = ts(order.status, { received: money(order.amount_received), amount: money(order.amount) });
  const row = "flex justify-between gap-3";
  return (
    <main className="mx-auto flex w-full max-w-[80mm] flex-col gap-3 bg-white p-4 text-sm text-black print:max-w-none print:p-0" data-testid="receipt">
      <header className="text-center">
        <h1 className="text-lg font-bold">{store.name}</h1>
        <p>{t("title")}</p>
      </header>
      <dl className="flex flex-col gap-0.5 border-y border-dashed border-black py-2">
        <div className={row}>
          <dt>{t("order")}</dt>
          <dd className="font-mono" data-testid="receipt-reference">{order.reference}</dd>
        </div>
        <div className={row}>
          <dt>{t("time")}</dt>
          <dd>{when(order.created_at)}</dd>
        </div>
        <div className={row}>
          <dt>{t("status")}</dt>
          <dd>{statusWords}</dd>
        </div>
      </dl>
      {order.items.length > 0 && (
        <ul className="flex flex-col gap-0.5" aria-label={t("items")}>
          {order.items.map((item, i) => (
            <li key={i} className={row}>
              <span className="min-w-0 [overflow-wrap:anywhere]">
                {itemLabel(item, locale, tsale("typedAmount"))} × {item.quantity}
              </span>
              <span className="shrink-0 tabular-nums">{money(item.unit_amount * item.quantity)}</span>
            </li>
          ))}
        </ul>
      )}
      <p className={`${row} border-t border-dashed border-black pt-2 text-base font-bold`}>
        <span>{t("total")}</span>
        <span className="tabular-nums" data-testid="receipt-total">{money(order.amount)}</span>
      </p>
      {order.payments.length > 0 && (
        <section>
          <h2 className="font-semibold">{t("payments")}</h2>
          <ul>
            {order.payments.map((p) => (
              <li key={p.id} className="flex flex-col">
                <span className={row}>
                  <span>{when(p.paid_at)}</span>
                  <span className="tabular-nums">{money(p.amount)}</span>
                </span>
                <span className="font-mono text-xs [overflow-wrap:anywhere]">{t("paidWith", { provider: account?.name ?? "", id: p.provider_payment_id })}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {order.refunds.length > 0 && (
        <section>
          <h2 className="font-semibold">{t("refunds")}</h2>
          <ul>
            {order.refunds.map((r) => (
              <li key={r.id} className={row}>
                <span>
                  {when(r.created_at)} {t("refundLine", { status: r.status })}
                </span>
                <span className="tabular-nums">−{money(r.amount)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <figure className="flex flex-col items-center gap-1 border-t border-dashed border-black pt-2">
        <div className="aspect-square w-40 [&>svg]:h-full [&>svg]:w-full" data-testid="receipt-qr" dangerouslySetInnerHTML={{ __html: qrSvg }} />
        <figcaption className="text-center text-xs">{t("scanHint")}</figcaption>
      </figure>
      <p className="text-center">{t("thanks")}</p>
      <PrintButton label={t("print")} />
    </main>
  );
}
