"use client";

import { useEffect, useState } from "react";

/** mm:ss until a moment; 00:00 once it has passed. */
export function useSecondsLeft(until: string): number {
  const target = new Date(until).getTime();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((target - now) / 1000));
}

export function formatSeconds(seconds: number): string {
  return `${String(Math.floor(seconds / 60)).padStart(2, "0")}:${String(seconds % 60).padStart(2, "0")}`;
}
