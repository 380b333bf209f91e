"use client";

import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent } from "@/components/ui/dialog";

/**
 * "Charge this much?" before a sale above the store's usual limit. The sale
 * screen loads it (and Radix's dialog with it) only when a sale needs it, so
 * that the screen's first load carries no dialog code.
 */
export function ConfirmCharge({ title, description, closeLabel, confirmLabel, backLabel, onConfirm, onCancel }: { title: string; description: string; closeLabel: string; confirmLabel: string; backLabel: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <Dialog open onOpenChange={(open) => !open && onCancel()}>
      <DialogContent title={title} description={description} closeLabel={closeLabel} data-testid="confirm-charge">
        <div className="flex flex-col gap-3 sm:flex-row-reverse">
          <Button size="counter" onClick={onConfirm} className="flex-1 [overflow-wrap:anywhere]" data-testid="confirm-charge-yes">
            {confirmLabel}
          </Button>
          <DialogClose asChild>
            <Button size="counter" variant="outline" className="flex-1">
              {backLabel}
            </Button>
          </DialogClose>
        </div>
      </DialogContent>
    </Dialog>
  );
}
