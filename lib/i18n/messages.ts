import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import type { Locale } from "./locales";

/**
 * Every string a screen shows lives in messages/<locale>.json as an ICU
 * message, grouped by screen (next-intl namespaces), and is formatted by
 * next-intl: plurals, dates and times through ICU, never concatenation.
 * English is the reference catalogue (its shape types every key, see
 * i18n/app-config.d.ts); lib/i18n/catalogues.test.ts fails when the other
 * differs in keys or arguments.
 */
export type Messages = typeof en;

const catalogues: Record<Locale, Messages> = { en, "zh-CN": zh };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}
