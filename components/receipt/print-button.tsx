"use client";

import { Printer } from "lucide-react";
import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog (a thermal printer or A4). */
export function PrintButton({ label }: { label: string }) {
  return (
    <Button size="counter" onClick={() => window.print()} className="w-full print:hidden" data-testid="print">
      <Printer aria-hidden className="size-5" />
      {label}
    </Button>
  );
}
