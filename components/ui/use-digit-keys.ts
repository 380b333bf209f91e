"use client";

import { useEffect, useRef } from "react";

export type DigitKeyHandlers = {
  onDigit: (digit: string) => void;
  onBackspace?: () => void;
  onEnter?: () => void;
  /** Escape or Delete. */
  onClear?: () => void;
};

/**
 * A keypad on screen that a physical keyboard drives too: counters often have
 * a USB numeric pad. Digits (top row or numeric pad), Backspace, Enter and
 * Escape/Delete are taken from the whole page unless a text field has the
 * focus, a modifier is held (browser shortcuts stay browser shortcuts), or
 * `enabled` is false. A page's keypad ignores keys pressed in a dialog; a
 * keypad in a dialog (`inDialog`) takes only those.
 */
export function useDigitKeys(handlers: DigitKeyHandlers, enabled = true, { inDialog = false }: { inDialog?: boolean } = {}): void {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
      const target = event.target as HTMLElement | null;
      if (target?.closest("input, textarea, select, [contenteditable='true']")) return;
      if (Boolean(target?.closest("[role='dialog']")) !== inDialog) return;
      const h = latest.current;
      if (/^[0-9]$/.test(event.key)) h.onDigit(event.key);
      else if (event.key === "Backspace" && h.onBackspace) h.onBackspace();
      else if (event.key === "Enter" && h.onEnter) {
        // Enter on a focused button is that button's click, not the keypad's.
        if (target?.closest("button, a")) return;
        h.onEnter();
      } else if ((event.key === "Escape" || event.key === "Delete") && h.onClear) h.onClear();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [enabled, inDialog]);
}
