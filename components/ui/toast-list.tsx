"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import { cn } from "./cn";

export type ToastMessage = { id: number; tone: "good" | "bad" | "info"; text: string };

const TONES: Record<ToastMessage["tone"], string> = {
  good: "bg-green-700 text-white",
  bad: "bg-red-700 text-white",
  info: "bg-slate-800 text-white",
};

/** The toasts on screen, on Radix (see ToastProvider). */
export function ToastList({ toasts, onClose }: { toasts: ToastMessage[]; onClose: (id: number) => void }) {
  return (
    <ToastPrimitive.Provider swipeDirection="up" duration={5000}>
      {toasts.map((toast) => (
        <ToastPrimitive.Root
          key={toast.id}
          type={toast.tone === "bad" ? "foreground" : "background"}
          onOpenChange={(open) => {
            if (!open) onClose(toast.id);
          }}
          className={cn("rounded-xl px-4 py-3 text-lg shadow-lg", TONES[toast.tone])}
        >
          <ToastPrimitive.Description>{toast.text}</ToastPrimitive.Description>
        </ToastPrimitive.Root>
      ))}
      <ToastPrimitive.Viewport className="fixed inset-x-0 top-16 z-50 mx-auto flex w-full max-w-md flex-col gap-2 p-4 outline-none" />
    </ToastPrimitive.Provider>
  );
}
