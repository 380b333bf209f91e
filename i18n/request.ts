import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, pickLocale } from "@/lib/i18n/locales";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";

/**
 * next-intl without locale routing: a counter tablet has no address bar, so
 * the language comes from the saved choice (cookie), then Accept-Language.
 */
export default getRequestConfig(async () => {
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  // The store time zone, so that times read the same on the server and in the browser (one store per installation for now).
  const store = await (await serverCtx()).db.store.findFirst({ orderBy: { createdAt: "asc" }, select: { timeZone: true } });
  return { locale, messages: messagesFor(locale), timeZone: store?.timeZone ?? "Asia/Shanghai" };
});
