"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { setLocale } from "@/app/_server/locale-actions";
import { cn } from "@/components/ui/cn";

export function LanguageSwitch({ className }: { className?: string }) {
  const locale = useLocale();
  const t = useTranslations("common");
  const router = useRouter();
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      disabled={pending}
      lang={locale === "zh-CN" ? "en" : "zh-CN"}
      onClick={() => start(async () => {
        await setLocale(locale === "zh-CN" ? "en" : "zh-CN");
        router.refresh();
      })}
      className={cn("min-h-12 min-w-12 shrink-0 rounded-lg px-3 font-medium", className)}
      data-testid="language-switch"
    >
      {t("language")}
    </button>
  );
}
