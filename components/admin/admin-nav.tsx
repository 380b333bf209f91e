"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";

/** The back office's sections; each is a page under /admin. */
export const ADMIN_SECTIONS = ["settings", "catalogue", "staff", "keys", "provider", "inbox", "audit"] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

/** A row of section tabs that scrolls sideways on a phone rather than wrapping. */
export function AdminNav() {
  const t = useTranslations("admin.nav");
  const path = usePathname();
  return (
    <nav className="flex gap-2 overflow-x-auto pb-1" aria-label={t("title")}>
      {ADMIN_SECTIONS.map((section) => {
        const href = `/admin/${section}`;
        const current = path.startsWith(href);
        return (
          <Link
            key={section}
            href={href}
            aria-current={current ? "page" : undefined}
            className={cn("flex min-h-12 shrink-0 items-center rounded-lg px-4 font-medium ring-1 ring-slate-200", current ? "bg-brand text-white ring-brand" : "bg-white")}
          >
            {t(section)}
          </Link>
        );
      })}
    </nav>
  );
}
