"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { useMoney } from "@/components/i18n/i18n-provider";
import { AmountKeypad } from "@/components/sale/amount-keypad";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useDigitKeys } from "@/components/ui/use-digit-keys";
import { appendDigits, removeDigit } from "@/lib/money";

/**
 * The amount of a refund, typed on the sale screen's keypad: digits shift in
 * from the right in minor units (5 0 0 0 → 50.00). It starts at everything
 * that is left (`max`); the first digit tapped starts a new amount rather than
 * adding to it, and "All" goes back to everything. A counter's numeric pad
 * types it too (digits and Backspace; Escape stays the dialog's close).
 */
export function RefundAmount({ value, max, onChange }: { value: number; max: number; onChange: (minor: number) => void }) {
  const t = useTranslations("refund");
  const tk = useTranslations("refundKeypad");
  const money = useMoney();
  // True once the cashier has typed: digits then add to the amount instead of starting it.
  const [typing, setTyping] = useState(false);
  const type = (next: number) => {
    setTyping(true);
    onChange(next);
  };
  const tooMuch = value > max;
  const digits = (d: string) => type(appendDigits(typing ? value : 0, d));
  useDigitKeys({ onDigit: digits, onBackspace: () => type(removeDigit(value)) }, true, { inDialog: true });

  return (
    <div className="flex flex-col gap-2" role="group" aria-labelledby="refund-amount-label">
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <p id="refund-amount-label" className="font-medium">
            {t("amount")}
          </p>
          <output
            className={cn("block text-right text-3xl font-bold tabular-nums [overflow-wrap:anywhere]", (tooMuch || value === 0) && "text-red-700")}
            aria-live="polite"
            data-testid="refund-amount"
          >
            {money(value)}
          </output>
        </div>
        <Button
          type="button"
          variant="outline"
          className="shrink-0"
          onClick={() => {
            setTyping(false);
            onChange(max);
          }}
          data-testid="refund-all"
        >
          {t("all")}
        </Button>
      </div>
      <p className="text-sm text-slate-600">{tk("hint")}</p>
      <AmountKeypad onDigits={digits} onBackspace={() => type(removeDigit(value))} onClear={() => type(0)} />
    </div>
  );
}
