"use client";

import dynamic from "next/dynamic";
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import type { ToastMessage } from "./toast-list";

const ToastContext = createContext<((tone: ToastMessage["tone"], text: string) => void) | null>(null);

// Its own chunk (with Radix's toast), fetched when a screen first shows a toast: most page loads show none.
const ToastList = dynamic(() => import("./toast-list").then((m) => m.ToastList), { ssr: false });

/**
 * Toasts on Radix: announced to screen readers (a "bad" one assertively),
 * swiped or timed away, and reachable with F8 while one is shown. Wrap a
 * screen once; call `useToast()(tone, text)` from anywhere inside it.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastMessage[]>([]);
  // Mounted from the first toast on, so that later ones do not wait for the chunk.
  const [used, setUsed] = useState(false);
  const show = useCallback((tone: ToastMessage["tone"], text: string) => {
    setUsed(true);
    setToasts((list) => [...list, { id: Date.now() + Math.random(), tone, text }]);
  }, []);
  const close = useCallback((id: number) => setToasts((list) => list.filter((t) => t.id !== id)), []);
  // Fetched anyway once the page has settled, so that a toast still shows when the network has gone since.
  useEffect(() => {
    const timer = setTimeout(() => void import("./toast-list"), 10_000);
    return () => clearTimeout(timer);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      {used && <ToastList toasts={toasts} onClose={close} />}
    </ToastContext.Provider>
  );
}

export function useToast(): (tone: ToastMessage["tone"], text: string) => void {
  const show = useContext(ToastContext);
  if (!show) throw new Error("useToast needs a ToastProvider above it");
  return show;
}
