import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";
import type { Locale } from "./locales";

/**
 * Every string a screen shows lives in messages/<locale>.json as an ICU
 * message (next-intl formats them; plurals, never concatenation). English is
 * the reference catalogue: its keys are the message keys, and
 * lib/i18n/catalogues.test.ts fails when the other differs in keys or arguments.
 */
type Catalogue = typeof en;
/** The top-level messages; a nested namespace (e.g. "orderList") is read with `useTranslations("<namespace>")`. */
export type MessageKey = { [K in keyof Catalogue]: Catalogue[K] extends string ? K : never }[keyof Catalogue];
export type Messages = Catalogue;

const catalogues: Record<Locale, Messages> = { en, "zh-CN": zh };

export function messagesFor(locale: Locale): Messages {
  return catalogues[locale];
}
