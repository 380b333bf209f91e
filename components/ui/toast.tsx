"use client";

import * as ToastPrimitive from "@radix-ui/react-toast";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { cn } from "./cn";

type ToastMessage = { id: number; tone: "good" | "bad" | "info"; text: string };

const ToastContext = createContext<((tone: ToastMessage["tone"], text: string) => void) | null>(null);

const TONES: Record<ToastMessage["tone"], string> = {
  good: "bg-green-700 text-white",
  bad: "bg-red-700 text-white",
  info: "bg-slate-800 text-white",
};

/**
 * Toasts on Radix: announced to screen readers (a "bad" one assertively),
 * swiped or timed away, and reachable with F8. Wrap a screen once; call
 * `useToast()(tone, text)` from anywhere inside it.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastMessage[]>([]);
  const show = useCallback((tone: ToastMessage["tone"], text: string) => {
    setToasts((list) => [...list, { id: Date.now() + Math.random(), tone, text }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      <ToastPrimitive.Provider swipeDirection="up" duration={5000}>
        {children}
        {toasts.map((toast) => (
          <ToastPrimitive.Root
            key={toast.id}
            type={toast.tone === "bad" ? "foreground" : "background"}
            onOpenChange={(open) => {
              if (!open) setToasts((list) => list.filter((t) => t.id !== toast.id));
            }}
            className={cn("rounded-xl px-4 py-3 text-lg shadow-lg", TONES[toast.tone])}
          >
            <ToastPrimitive.Description>{toast.text}</ToastPrimitive.Description>
          </ToastPrimitive.Root>
        ))}
        <ToastPrimitive.Viewport className="fixed inset-x-0 top-16 z-50 mx-auto flex w-full max-w-md flex-col gap-2 p-4 outline-none" />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

export function useToast(): (tone: ToastMessage["tone"], text: string) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs a ToastProvider above it");
  return show;
}
