import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { listSignInStaff } from "@/lib/auth/list-sign-in-staff";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";
import { currentLocale, currentStaff, DEVICE_STORE_COOKIE, safeReturnPath } from "@/app/_server/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("login") };
}

type LoginParams = { switch?: string; reauth?: string; next?: string; store?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<LoginParams> }) {
  const { switch: switching, reauth, next, store } = await searchParams;
  const signedIn = await currentStaff();
  if (!switching && signedIn) redirect("/sale");
  // An owner asked for the PIN again after a quiet spell: their own tile is chosen, and they come back where they were.
  const ownerReauth = reauth === "owner";
  // Whose staff to show: the reauthenticating owner's own store, else the picker's choice, else this device's store.
  const home = signedIn ? (signedIn.actor.homeStoreId ?? signedIn.actor.storeId) : undefined;
  const storeId = (ownerReauth ? home : undefined) ?? (typeof store === "string" ? store : undefined) ?? (await cookies()).get(DEVICE_STORE_COOKIE)?.value;
  const [locale, { storeId: shown, storeName, timeZone, stores, staff }] = await Promise.all([currentLocale(), listSignInStaff(await serverCtx(), { storeId })]);
  return (
    <I18nProvider locale={locale} currency="CNY" timeZone={timeZone} messages={messagesFor(locale)}>
      <LoginForm key={shown ?? "none"} storeName={storeName} storeId={shown} stores={stores} staff={staff} returnTo={safeReturnPath(next) ?? "/sale"} ownerReauth={ownerReauth} preselectId={ownerReauth ? signedIn?.staffId : undefined} />
    </I18nProvider>
  );
}
