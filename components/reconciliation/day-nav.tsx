"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useStoreTime } from "@/components/i18n/use-store-time";
import { Button } from "@/components/ui/button";

/** Steps through business days: the day shown, the one before, the one after (none after today), and back to today. */
export function DayNav({ day, previous, next, today, href }: { day: string; previous: string; next: string | null; today: string; href: (day: string) => string }) {
  const t = useTranslations("reconciliation");
  const when = useStoreTime();
  return (
    <nav className="flex items-center gap-2" aria-label={t("dayLabel")}>
      <Button asChild variant="outline" size="sm" className="min-w-12">
        <Link href={href(previous)} aria-label={t("previousDay")} data-testid="day-previous">
          <ChevronLeft aria-hidden className="size-5" />
        </Link>
      </Button>
      <span className="min-w-0 flex-1 text-center text-lg font-semibold" data-testid="day">
        {when.day(day)}
      </span>
      {next ? (
        <Button asChild variant="outline" size="sm" className="min-w-12">
          <Link href={href(next)} aria-label={t("nextDay")} data-testid="day-next">
            <ChevronRight aria-hidden className="size-5" />
          </Link>
        </Button>
      ) : (
        <span className="min-w-12" />
      )}
      {day !== today && (
        <Button asChild variant="ghost" size="sm">
          <Link href={href(today)}>{t("today")}</Link>
        </Button>
      )}
    </nav>
  );
}
