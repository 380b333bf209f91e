"use client";

import { useCallback, useSyncExternalStore } from "react";

const STORAGE_KEY = "till.voice";
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (event: StorageEvent) => {
    if (event.key === STORAGE_KEY) listener();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

/** On unless this terminal turned it off. */
export function voiceEnabled(): boolean {
  return localStorage.getItem(STORAGE_KEY) !== "off";
}

/**
 * Whether this terminal speaks "payment received" aloud, as the counter
 * speakers of WeChat Pay and Alipay do. A setting of the device (localStorage),
 * not of the cashier: the speaker belongs to the counter.
 */
export function useVoiceSetting(): [boolean, (on: boolean) => void] {
  const on = useSyncExternalStore(subscribe, voiceEnabled, () => true);
  const set = useCallback((value: boolean) => {
    localStorage.setItem(STORAGE_KEY, value ? "on" : "off");
    for (const listener of listeners) listener();
  }, []);
  return [on, set];
}
