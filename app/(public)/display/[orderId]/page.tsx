import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { CustomerDisplay } from "@/components/orders/customer-display";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { messagesFor } from "@/lib/i18n/messages";
import { customerView, findOrderForDisplay } from "@/lib/orders/customer-view";
import { orderQrSvg } from "@/lib/orders/order-qr-svg";
import { serverCtx } from "@/lib/server-context";
import { formatMoney } from "@/lib/money";
import { currentLocale } from "@/app/_server/session";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ orderId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orderId } = await params;
  const [found, locale, t] = await Promise.all([findOrderForDisplay(await serverCtx(), orderId), currentLocale(), getTranslations("title")]);
  return { title: found ? t("display", { amount: formatMoney(found.order.amount, found.order.currency, locale) }) : undefined };
}

/** The screen that faces the customer: the order's QR, amount and state. No session: it is opened by the order's id. */
export default async function CustomerDisplayPage({ params }: Props) {
  const { orderId } = await params;
  const found = await findOrderForDisplay(await serverCtx(), orderId);
  if (!found) notFound();
  const locale = await currentLocale();
  const qrSvg = found.order.charge?.qrContent ? await orderQrSvg(found.order.charge.qrContent) : null;
  // The customer may not read the cashier's language: the display says everything in both.
  const other = messagesFor(locale === "en" ? "zh-CN" : "en").display;
  return (
    <I18nProvider locale={locale} currency={found.order.currency} timeZone={found.timeZone} messages={messagesFor(locale)}>
      <CustomerDisplay initial={customerView(found.order)} qrSvg={qrSvg} storeName={found.storeName} other={other} />
    </I18nProvider>
  );
}
