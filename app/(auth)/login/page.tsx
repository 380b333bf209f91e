import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { I18nProvider } from "@/components/i18n/i18n-provider";
import { listSignInStaff } from "@/lib/auth/list-sign-in-staff";
import { messagesFor } from "@/lib/i18n/messages";
import { serverCtx } from "@/lib/server-context";
import { currentLocale, currentStaff } from "@/app/_server/session";

export const dynamic = "force-dynamic";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("login") };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ switch?: string }> }) {
  const { switch: switching } = await searchParams;
  if (!switching && (await currentStaff())) redirect("/sale");
  const [locale, { storeName, timeZone, staff }] = await Promise.all([currentLocale(), listSignInStaff(await serverCtx())]);
  return (
    <I18nProvider locale={locale} currency="CNY" timeZone={timeZone} messages={messagesFor(locale)}>
      <LoginForm storeName={storeName} staff={staff} />
    </I18nProvider>
  );
}
