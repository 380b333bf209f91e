"use client";

import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "./cn";

/**
 * Dialogs on Radix: focus moves in and is trapped, Escape and the overlay
 * close, focus returns to the trigger. `Sheet` is the same dialog sliding up
 * from the bottom edge, for a phone.
 */
export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogClose = DialogPrimitive.Close;

type ContentProps = ComponentProps<typeof DialogPrimitive.Content> & { title: string; description?: string; closeLabel: string };

function Overlay() {
  return <DialogPrimitive.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />;
}

function Header({ title, description, closeLabel }: { title: string; description?: string; closeLabel: string }) {
  return (
    <div className="mb-4 flex items-start justify-between gap-4">
      <div>
        <DialogPrimitive.Title className="text-xl font-semibold">{title}</DialogPrimitive.Title>
        {description ? <DialogPrimitive.Description className="mt-1 text-slate-600">{description}</DialogPrimitive.Description> : null}
      </div>
      <DialogPrimitive.Close className="flex size-12 items-center justify-center rounded-xl text-slate-500 active:bg-slate-100" aria-label={closeLabel}>
        <X aria-hidden className="size-6" />
      </DialogPrimitive.Close>
    </div>
  );
}

/** A dialog panel placed by `placement`: the one markup of DialogContent and SheetContent. */
function panel(placement: string) {
  return function Content({ className, title, description, closeLabel, children, ...props }: ContentProps) {
    return (
      <DialogPrimitive.Portal>
        <Overlay />
        <DialogPrimitive.Content
          // Without a description, say so, rather than point at nothing.
          {...(description ? {} : { "aria-describedby": undefined })}
          className={cn(placement, className)}
          {...props}
        >
          <Header title={title} description={description} closeLabel={closeLabel} />
          {children}
        </DialogPrimitive.Content>
      </DialogPrimitive.Portal>
    );
  };
}

/** A centred dialog with a title (announced to screen readers) and a close key. */
export const DialogContent = panel("fixed left-1/2 top-1/2 z-50 w-[min(32rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-2xl bg-white p-5 shadow-xl");

export const Sheet = DialogPrimitive.Root;
export const SheetTrigger = DialogPrimitive.Trigger;

/** A bottom sheet: full width, at most 85 % of the screen's height, scrolling inside. */
export const SheetContent = panel("fixed inset-x-0 bottom-0 z-50 max-h-[85vh] overflow-y-auto rounded-t-2xl bg-white p-5 shadow-xl");
