import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { LOCALE_COOKIE, pickLocale } from "@/lib/i18n/locales";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";
import { currentStaff } from "@/app/_server/session";

/**
 * next-intl without locale routing: a counter tablet has no address bar, so
 * the language comes from the saved choice (cookie), then Accept-Language.
 * Times are in the signed-in staff member's store's time zone (the first
 * store's when nobody is signed in), so that a time reads the same on the
 * server and in a browser set to another zone.
 */
export default getRequestConfig(async () => {
  const locale = pickLocale((await cookies()).get(LOCALE_COOKIE)?.value, (await headers()).get("accept-language"));
  const staff = await currentStaff();
  const { db } = await serverCtx();
  const store = staff
    ? await db.store.findUnique({ where: { id: staff.actor.storeId }, select: { timeZone: true } })
    : await db.store.findFirst({ orderBy: { createdAt: "asc" }, select: { timeZone: true } });
  return { locale, messages: messagesFor(locale), timeZone: store?.timeZone ?? "Asia/Shanghai" };
});
