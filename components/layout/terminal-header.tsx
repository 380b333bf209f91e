"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useTransition } from "react";
import { signOutAction } from "@/app/(auth)/login/actions";
import { useI18n } from "@/components/i18n/i18n-provider";
import { LanguageSwitch } from "@/components/i18n/language-switch";

export function TerminalHeader({ storeName, staffName, isOwner }: { storeName: string; staffName: string; isOwner: boolean }) {
  const { t } = useI18n();
  const router = useRouter();
  const path = usePathname();
  const [pending, start] = useTransition();
  const link = (href: string, label: string) => (
    <Link href={href} className={`flex min-h-12 items-center rounded-lg px-4 font-medium ${path.startsWith(href) ? "bg-white/20" : ""}`}>
      {label}
    </Link>
  );
  return (
    <header className="flex flex-wrap items-center gap-2 bg-brand px-3 py-2 text-white">
      <span className="mr-2 text-lg font-semibold">{storeName}</span>
      <nav className="flex gap-1">
        {link("/sale", t("sale"))}
        {link("/orders", t("orders"))}
        {isOwner && link("/discrepancies", t("discrepancies"))}
      </nav>
      <span className="ml-auto text-sm opacity-90" data-testid="staff-name">{staffName}</span>
      <LanguageSwitch className="bg-white/10" />
      <Link href="/login?switch=1" className="flex min-h-12 items-center rounded-lg bg-white/10 px-4 font-medium">
        {t("switchCashier")}
      </Link>
      <button
        type="button"
        disabled={pending}
        className="min-h-12 rounded-lg bg-white/10 px-4 font-medium"
        onClick={() => start(async () => {
          await signOutAction();
          router.replace("/login");
          router.refresh();
        })}
      >
        {t("signOut")}
      </button>
    </header>
  );
}
