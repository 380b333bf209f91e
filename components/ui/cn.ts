import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/**
 * Joins class names and lets the later of two conflicting Tailwind utilities
 * win (`cn("bg-white", "bg-brand")` → `bg-brand`): in CSS the order of the
 * rules, not of the classes, decides, so two side by side is a coin toss.
 * Every primitive merges its caller's `className` last through this.
 */
export function cn(...inputs: ClassValue[]): string {
  return twMerge(clsx(inputs));
}
