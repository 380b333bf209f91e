"use client";

import { useI18n } from "@/components/i18n/i18n-provider";
import { PadButton } from "@/components/ui/pad-button";

/** A cash-register keypad: digits shift in from the right in minor units (2 3 5 0 → 23.50). */
export function AmountKeypad({ onDigits, onBackspace, onClear }: { onDigits: (d: string) => void; onBackspace: () => void; onClear: () => void }) {
  const { t } = useI18n();
  return (
    <div className="grid grid-cols-3 gap-2" data-testid="keypad">
      {["1", "2", "3", "4", "5", "6", "7", "8", "9", "00", "0"].map((d) => (
        <PadButton key={d} onClick={() => onDigits(d)} aria-label={d}>
          {d}
        </PadButton>
      ))}
      <PadButton onClick={onBackspace} aria-label="⌫">
        ⌫
      </PadButton>
      <PadButton onClick={onClear} className="col-span-3 text-lg">
        {t("clear")}
      </PadButton>
    </div>
  );
}
