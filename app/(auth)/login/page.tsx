import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { listSignInStaff } from "@/lib/auth/list-sign-in-staff";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";
import { currentLocale, currentStaff, safeReturnPath } from "@/app/_server/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("login") };
}

type LoginParams = { switch?: string; reauth?: string; next?: string };

export default async function LoginPage({ searchParams }: { searchParams: Promise<LoginParams> }) {
  const { switch: switching, reauth, next } = await searchParams;
  const signedIn = await currentStaff();
  if (!switching && signedIn) redirect("/sale");
  const [locale, { storeName, timeZone, staff }] = await Promise.all([currentLocale(), listSignInStaff(await serverCtx())]);
  // An owner asked for the PIN again after a quiet spell: their own tile is chosen, and they come back where they were.
  const ownerReauth = reauth === "owner";
  return (
    <I18nProvider locale={locale} currency="CNY" timeZone={timeZone} messages={messagesFor(locale)}>
      <LoginForm storeName={storeName} staff={staff} returnTo={safeReturnPath(next) ?? "/sale"} ownerReauth={ownerReauth} preselectId={ownerReauth ? signedIn?.staffId : undefined} />
    </I18nProvider>
  );
}
