"use client";

import type { ReactNode } from "react";
import { Sheet, SheetContent } from "@/components/ui/dialog";

/**
 * The header's menu sheet below a wide screen: the staff actions, under who is
 * signed in where. Loaded by the header only when the menu is first opened, so
 * that no page's first load carries Radix's dialog for it.
 */
export function StaffMenu({ open, onOpenChange, title, description, closeLabel, children }: { open: boolean; onOpenChange: (open: boolean) => void; title: string; description: string; closeLabel: string; children: ReactNode }) {
  return (
    <Sheet open={open} onOpenChange={onOpenChange}>
      <SheetContent title={title} description={description} closeLabel={closeLabel} className="text-slate-900">
        <div className="flex flex-col gap-2">{children}</div>
      </SheetContent>
    </Sheet>
  );
}
