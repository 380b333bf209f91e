import { Slot } from "@radix-ui/react-slot";
import { cva, type VariantProps } from "class-variance-authority";
import type { ButtonHTMLAttributes } from "react";
import { cn } from "./cn";

/** Buttons by intent and size; `counter` keeps a touch target of at least 64 px for the till's screens. */
export const buttonVariants = cva(
  "inline-flex items-center justify-center gap-2 rounded-xl font-semibold transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:pointer-events-none disabled:opacity-50",
  {
    variants: {
      variant: {
        primary: "bg-brand text-white active:bg-brand-dark",
        secondary: "bg-amber-500 text-white active:bg-amber-600",
        outline: "bg-white text-slate-900 ring-2 ring-slate-200 active:bg-slate-50",
        danger: "bg-white text-red-700 ring-2 ring-red-200 active:bg-red-50",
        ghost: "bg-transparent text-slate-700 active:bg-slate-100",
      },
      size: {
        sm: "min-h-12 px-3 text-base",
        md: "min-h-12 px-4 text-lg",
        counter: "min-h-16 px-4 text-lg",
      },
    },
    defaultVariants: { variant: "primary", size: "md" },
  },
);

export type ButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & VariantProps<typeof buttonVariants> & { asChild?: boolean };

/** A button, or (asChild) a link or other element styled as one; the caller's className wins. */
export function Button({ className, variant, size, asChild = false, type, ...props }: ButtonProps) {
  const Component = asChild ? Slot : "button";
  return <Component className={cn(buttonVariants({ variant, size }), className)} {...(asChild ? {} : { type: type ?? "button" })} {...props} />;
}
