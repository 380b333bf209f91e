"use client";

import { LogOut, Menu, ReceiptText, Scale, ScanLine, Settings, ShoppingCart, Users, Volume2, VolumeX } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useState, useTransition, type ReactNode } from "react";
import { signOutAction } from "@/app/(auth)/login/actions";
import { LanguageSwitch } from "@/components/i18n/language-switch";
import { useVoiceSetting } from "@/components/orders/voice-setting";
import { cn } from "@/components/ui/cn";

// Its own chunk (with Radix's dialog), fetched when the menu is first opened.
const StaffMenu = dynamic(() => import("./staff-menu").then((m) => m.StaffMenu), { ssr: false });

/**
 * One row on every screen size: the store, the three places a cashier goes,
 * and who is signed in. Below a wide screen (1280 px) the staff actions (voice, language,
 * switch cashier, sign out) fold into a menu sheet, so that the row never wraps.
 */
export function TerminalHeader({ storeName, staffName, isOwner }: { storeName: string; staffName: string; isOwner: boolean }) {
  const t = useTranslations("nav");
  const tc = useTranslations("common");
  const tr = useTranslations("reconciliation");
  const router = useRouter();
  const path = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  // Mounted from the first opening on, so that closing it plays out as before.
  const [menuUsed, setMenuUsed] = useState(false);
  const openMenu = () => {
    setMenuUsed(true);
    setMenuOpen(true);
  };
  const [voice, setVoice] = useVoiceSetting();
  const [pending, start] = useTransition();
  const link = (href: string, label: string, icon: ReactNode) => (
    <Link
      href={href}
      aria-current={path.startsWith(href) ? "page" : undefined}
      className={cn("flex min-h-12 min-w-12 shrink-0 items-center justify-center gap-2 rounded-lg px-3 font-medium", path.startsWith(href) && "bg-white/20")}
    >
      {icon}
      <span className="max-lg:sr-only">{label}</span>
    </Link>
  );
  const signOut = () =>
    start(async () => {
      await signOutAction();
      router.replace("/login");
      router.refresh();
    });
  const staffActions = (inMenu: boolean) => (
    <>
      <button
        type="button"
        onClick={() => setVoice(!voice)}
        aria-pressed={voice}
        className={cn("flex min-h-12 min-w-12 shrink-0 items-center justify-center gap-2 rounded-lg px-3 font-medium", inMenu ? "bg-slate-100" : "bg-white/10")}
        data-testid="voice-toggle"
      >
        {voice ? <Volume2 aria-hidden className="size-5" /> : <VolumeX aria-hidden className="size-5" />}
        <span className={inMenu ? "" : "sr-only"}>{voice ? t("voiceOn") : t("voiceOff")}</span>
      </button>
      <LanguageSwitch className={inMenu ? "w-full bg-slate-100 text-left" : "bg-white/10"} />
      <Link href="/login?switch=1" className={cn("flex min-h-12 shrink-0 items-center gap-2 rounded-lg px-3 font-medium", inMenu ? "bg-slate-100" : "bg-white/10")}>
        <Users aria-hidden className="size-5" />
        {t("switchCashier")}
      </Link>
      <button type="button" disabled={pending} onClick={signOut} className={cn("flex min-h-12 shrink-0 items-center gap-2 rounded-lg px-3 font-medium", inMenu ? "bg-slate-100" : "bg-white/10")}>
        <LogOut aria-hidden className="size-5" />
        {t("signOut")}
      </button>
    </>
  );
  return (
    <header className="flex h-16 items-center gap-1 bg-brand px-2 text-white sm:gap-2 sm:px-3 print:hidden">
      <span className="min-w-0 truncate text-lg font-semibold max-sm:hidden lg:max-w-56">{storeName}</span>
      <nav className="flex shrink-0 gap-1">
        {link("/sale", t("sale"), <ShoppingCart aria-hidden className="size-5" />)}
        {link("/orders", t("orders"), <ReceiptText aria-hidden className="size-5" />)}
        {link("/scan", t("scan"), <ScanLine aria-hidden className="size-5" />)}
        {isOwner && link("/reconciliation", tr("nav"), <Scale aria-hidden className="size-5" />)}
        {isOwner && link("/admin", t("admin"), <Settings aria-hidden className="size-5" />)}
      </nav>
      <span className="ml-auto min-w-0 truncate text-sm opacity-90" data-testid="staff-name">
        {staffName}
      </span>
      <div className="flex shrink-0 items-center gap-2 max-xl:hidden">{staffActions(false)}</div>
      <button type="button" onClick={openMenu} className="flex size-12 shrink-0 items-center justify-center rounded-lg bg-white/10 xl:hidden" aria-label={t("menu")} data-testid="menu">
        <Menu aria-hidden className="size-6" />
      </button>
      {menuUsed && (
        <StaffMenu open={menuOpen} onOpenChange={setMenuOpen} title={staffName} description={storeName} closeLabel={tc("close")}>
          {staffActions(true)}
        </StaffMenu>
      )}
    </header>
  );
}
