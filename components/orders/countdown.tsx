"use client";

import { useEffect, useState } from "react";

/**
 * The clock, ticking every `intervalMs`; null until the page has hydrated, so
 * that the server's render and the browser's first render agree (a time read
 * on each side would differ, and React would throw the page's HTML away).
 */
export function useNow(intervalMs = 250): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const tick = () => setNow(Date.now());
    const first = setTimeout(tick, 0);
    const timer = setInterval(tick, intervalMs);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
    };
  }, [intervalMs]);
  return now;
}

/** Whole seconds until a moment (0 once it has passed); null before hydration. */
export function useSecondsLeft(until: string): number | null {
  const now = useNow();
  return now === null ? null : Math.max(0, Math.ceil((new Date(until).getTime() - now) / 1000));
}

/** mm:ss, or a placeholder of the same width before the clock is known. */
export function formatSeconds(seconds: number | null): string {
  if (seconds === null) return "--:--";
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}
