"use client";

import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "@/app/_server/locale-actions";
import { useI18n } from "./i18n-provider";

export function LanguageSwitch({ className = "" }: { className?: string }) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      onClick={() => start(async () => {
        await setLocale(locale === "zh-CN" ? "en" : "zh-CN");
        router.refresh();
      })}
      className={`min-h-12 rounded-lg px-4 font-medium ${className}`}
      data-testid="language-switch"
    >
      {t("language")}
    </button>
  );
}
