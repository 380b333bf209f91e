import type { ButtonHTMLAttributes, MouseEvent } from "react";
import { cn } from "./cn";

/**
 * Gives focus back to the page after a tap or click (not after a keyboard
 * press), so that a numeric pad's Enter goes to the screen's keypad handler
 * rather than pressing the last key tapped again.
 */
export function releaseFocusAfterPointer(event: MouseEvent<HTMLElement>): void {
  if (event.detail > 0) event.currentTarget.blur();
}

/** A large square key for keypads and PIN pads: at least 64 px, easy to hit with a thumb. */
export function PadButton({ className, onClick, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className={cn("min-h-16 rounded-xl bg-white text-2xl font-semibold shadow-sm ring-1 ring-slate-200 active:bg-slate-200 disabled:opacity-40", className)}
      onClick={(event) => {
        releaseFocusAfterPointer(event);
        onClick?.(event);
      }}
      {...props}
    />
  );
}
