import type en from "@/messages/en.json";
import type { Locale } from "@/lib/i18n/locales";

/**
 * next-intl's types learn Till's locales and catalogue: a key that does not
 * exist in messages/en.json, or a namespace misspelt, fails to compile.
 */
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof en;
  }
}
