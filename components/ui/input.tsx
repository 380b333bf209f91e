import type { InputHTMLAttributes } from "react";
import { cn } from "./cn";

/** A text field at counter size (48 px), with the brand focus ring; the caller's className wins. */
export function Input({ className, ...props }: InputHTMLAttributes<HTMLInputElement>) {
  return (
    <input
      className={cn(
        "min-h-12 w-full rounded-xl bg-white px-3 text-lg ring-1 ring-slate-300 placeholder:text-slate-400 focus:outline-none focus:ring-2 focus:ring-brand disabled:opacity-50 aria-invalid:ring-red-500",
        className,
      )}
      {...props}
    />
  );
}
