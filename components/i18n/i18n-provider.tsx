"use client";

import { NextIntlClientProvider, useTranslations } from "next-intl";
import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey, Messages } from "@/lib/i18n/messages";
import { formatMoney } from "@/lib/money";

type I18n = {
  locale: Locale;
  currency: string;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  money: (minor: number) => string;
};

const CurrencyContext = createContext<{ locale: Locale; currency: string } | null>(null);

/**
 * next-intl for the client components of a page, with the currency that money
 * is shown in (the store's, or the order's on the customer display).
 */
export function I18nProvider({ locale, currency, timeZone, messages, children }: { locale: Locale; currency: string; timeZone: string; messages: Messages; children: ReactNode }) {
  const value = useMemo(() => ({ locale, currency }), [locale, currency]);
  return (
    <NextIntlClientProvider locale={locale} timeZone={timeZone} messages={messages}>
      <CurrencyContext.Provider value={value}>{children}</CurrencyContext.Provider>
    </NextIntlClientProvider>
  );
}

/** The words (ICU messages through next-intl) and money of the current language. */
export function useI18n(): I18n {
  const context = useContext(CurrencyContext);
  if (!context) throw new Error("useI18n outside I18nProvider");
  const translate = useTranslations();
  const t = useCallback((key: MessageKey, vars?: Record<string, string | number>) => translate(key, vars), [translate]);
  const { locale, currency } = context;
  const money = useCallback((minor: number) => formatMoney(minor, currency, locale), [currency, locale]);
  return useMemo(() => ({ locale, currency, t, money }), [locale, currency, t, money]);
}
