import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

/** A large square key for keypads and PIN pads: at least 64 px, easy to hit with a thumb. */
export function PadButton({ className, ...props }: ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="button"
      className={cn("min-h-16 rounded-xl bg-white text-2xl font-semibold shadow-sm ring-1 ring-slate-200 active:bg-slate-200 disabled:opacity-40", className)}
      {...props}
    />
  );
}
