"use client";

import { createContext, useCallback, useContext, useMemo, type ReactNode } from "react";
import type { Locale } from "@/lib/i18n/locales";
import type { MessageKey } from "@/lib/i18n/messages";
import { formatMoney } from "@/lib/money";

type I18n = {
  locale: Locale;
  currency: string;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  money: (minor: number) => string;
};

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({
  locale,
  currency,
  messages,
  children,
}: {
  locale: Locale;
  currency: string;
  messages: Record<MessageKey, string>;
  children: ReactNode;
}) {
  const t = useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) =>
      messages[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`)),
    [messages],
  );
  const money = useCallback((minor: number) => formatMoney(minor, currency, locale), [currency, locale]);
  const value = useMemo(() => ({ locale, currency, t, money }), [locale, currency, t, money]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
