import { useTranslations } from "next-intl";
import { useCallback } from "react";

/** A failed action as a screen keeps it: the code, not words, so that switching language re-words it. */
export type ActionError = { code: string; message: string };

const TRANSLATED = ["provider_unavailable", "unauthorized", "forbidden", "rate_limited", "internal_error", "not_found", "conflict", "cancelPaid", "too_large"] as const;
type TranslatedCode = (typeof TRANSLATED)[number];
const isTranslated = (code: string): code is TranslatedCode => (TRANSLATED as readonly string[]).includes(code);

/**
 * What a screen says for a failed action, in the screen's current language.
 * Server messages are written in English for API callers; the cashier gets a
 * translated sentence for every code, and the server's own words only for an
 * input error without a translation, which names the field to fix.
 */
export function useErrorText(): (error: ActionError) => string {
  const t = useTranslations("errors");
  return useCallback((error: ActionError) => (isTranslated(error.code) ? t(error.code) : error.code === "invalid_request" && !error.message ? t("invalid_request") : error.message), [t]);
}
