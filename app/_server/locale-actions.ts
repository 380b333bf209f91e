"use server";

import { cookies } from "next/headers";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/locales";

/** Saves the language chosen with the switcher for a year. */
export async function setLocale(locale: string): Promise<void> {
  if (!(LOCALES as readonly string[]).includes(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
