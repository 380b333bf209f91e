"use client";

import * as SelectPrimitive from "@radix-ui/react-select";
import { Check, ChevronDown } from "lucide-react";
import type { ComponentProps } from "react";
import { cn } from "./cn";

export type SelectOption = { value: string; label: string };

type SelectProps = Omit<ComponentProps<typeof SelectPrimitive.Root>, "children"> & {
  options: SelectOption[];
  placeholder?: string;
  className?: string;
  "aria-label"?: string;
  id?: string;
};

/**
 * A select on Radix: typed-ahead, arrow keys and Escape work, and the list is
 * a touch-sized popover rather than the browser's tiny native one.
 */
export function Select({ options, placeholder, className, "aria-label": ariaLabel, id, ...props }: SelectProps) {
  return (
    <SelectPrimitive.Root {...props}>
      <SelectPrimitive.Trigger
        id={id}
        aria-label={ariaLabel}
        className={cn("flex min-h-12 w-full items-center justify-between gap-2 rounded-xl bg-white px-3 text-lg ring-1 ring-slate-300 focus:outline-none focus:ring-2 focus:ring-brand data-[placeholder]:text-slate-400", className)}
      >
        <SelectPrimitive.Value placeholder={placeholder} />
        <SelectPrimitive.Icon>
          <ChevronDown aria-hidden className="size-5" />
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content position="popper" sideOffset={4} className="z-50 max-h-80 min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-xl bg-white shadow-xl ring-1 ring-slate-200">
          <SelectPrimitive.Viewport className="p-1">
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                className="relative flex min-h-12 cursor-default select-none items-center rounded-lg pl-9 pr-3 text-lg outline-none data-[highlighted]:bg-slate-100"
              >
                <SelectPrimitive.ItemIndicator className="absolute left-2">
                  <Check aria-hidden className="size-5 text-brand" />
                </SelectPrimitive.ItemIndicator>
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
