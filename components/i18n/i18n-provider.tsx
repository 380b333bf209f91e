"use client";

import { NextIntlClientProvider, useLocale } from "next-intl";
import { createContext, useCallback, useContext, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";
import type { Messages } from "@/lib/i18n/messages";
import { formatMoney } from "@/lib/money";

const CurrencyContext = createContext<string | null>(null);

/**
 * next-intl for the client components of a page, in the store's time zone (so
 * that a time reads the same when the server renders it and when the browser,
 * set to another zone, hydrates it), with the currency that money is shown in
 * (the store's, or the order's on the customer display).
 */
export function I18nProvider({ locale, currency, timeZone, messages, children }: { locale: Locale; currency: string; timeZone: string; messages: Messages; children: ReactNode }) {
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messages}>
      <CurrencyContext.Provider value={currency}>{children}</CurrencyContext.Provider>
    </NextIntlClientProvider>
  );
}

/** The currency of the page (ISO 4217). */
export function useCurrency(): string {
  const currency = useContext(CurrencyContext);
  if (currency === null) throw new Error("useCurrency outside I18nProvider");
  return currency;
}

/** Formats integer minor units in the page's currency and language (Intl, exact: see lib/money.ts). */
export function useMoney(): (minor: number) => string {
  const currency = useContext(CurrencyContext);
  if (currency === null) throw new Error("useMoney outside I18nProvider");
  const locale = useLocale();
  return useCallback((minor: number) => formatMoney(minor, currency, locale), [currency, locale]);
}
