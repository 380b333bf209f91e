"use client";

import { Delete } from "lucide-react";
import { useTranslations } from "next-intl";
import { cn } from "@/components/ui/cn";
import { PadButton } from "@/components/ui/pad-button";

/**
 * A cash-register keypad: digits shift in from the right in minor units
 * (2 3 5 0 → 23.50). "Clear" empties the typed amount; "Clear sale", where
 * there is a sale (`onClearSale`), empties the whole sale, products included.
 */
export function AmountKeypad({ onDigits, onBackspace, onClear, onClearSale }: { onDigits: (d: string) => void; onBackspace: () => void; onClear: () => void; onClearSale?: () => void }) {
  const t = useTranslations("sale");
  return (
    <div className="grid grid-cols-3 gap-2" data-testid="keypad">
      {["1", "2", "3", "4", "5", "6", "7", "8", "9", "00", "0"].map((d) => (
        <PadButton key={d} onClick={() => onDigits(d)} aria-label={d} className="min-h-14">
          {d}
        </PadButton>
      ))}
      <PadButton onClick={onBackspace} aria-label={t("backspace")} className="flex min-h-14 items-center justify-center">
        <Delete aria-hidden className="size-7" />
      </PadButton>
      <PadButton onClick={onClear} className={cn("min-h-14 text-lg", !onClearSale && "col-span-3")} data-testid="clear-entry">
        {t("clearEntry")}
      </PadButton>
      {onClearSale && (
        <PadButton onClick={onClearSale} className="col-span-2 min-h-14 text-lg text-red-700" data-testid="clear-sale">
          {t("clearSale")}
        </PadButton>
      )}
    </div>
  );
}
