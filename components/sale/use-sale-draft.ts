"use client";

import { useCallback, useSyncExternalStore } from "react";
import { appendDigits, removeDigit } from "@/lib/money";

type CartLine = { productId: string; quantity: number };
type Draft = { saleKey: string; amount: number; cart: CartLine[] };

const STORAGE_KEY = "till.saleDraft";

function freshDraft(): Draft {
  return { saleKey: crypto.randomUUID(), amount: 0, cart: [] };
}

// sessionStorage is the store; components read it through useSyncExternalStore,
// so the server (which has none) renders a placeholder and the browser the saved sale.
const listeners = new Set<() => void>();
let cached: { raw: string; draft: Draft } | null = null;
const SERVER_DRAFT: Draft = { saleKey: "pending", amount: 0, cart: [] };

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function savedDraft(): Draft {
  let raw = sessionStorage.getItem(STORAGE_KEY);
  if (raw === null) {
    raw = JSON.stringify(freshDraft());
    sessionStorage.setItem(STORAGE_KEY, raw);
  }
  // The same object for the same text, as useSyncExternalStore requires.
  if (cached?.raw !== raw) cached = { raw, draft: JSON.parse(raw) as Draft };
  return cached.draft;
}

function saveDraft(draft: Draft): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  for (const listener of listeners) listener();
}

/**
 * The sale being rung up, kept in sessionStorage with its idempotency key: a
 * refresh or a lost connection brings back the same sale, and charging it
 * again returns the order already made instead of a second one.
 */
export function useSaleDraft() {
  const draft = useSyncExternalStore(subscribe, savedDraft, () => SERVER_DRAFT);

  const update = useCallback((change: (d: Draft) => Draft) => {
    const current = savedDraft();
    const changed = change(current);
    // A different sale is a different request: it gets its own key.
    const same = changed.amount === current.amount && JSON.stringify(changed.cart) === JSON.stringify(current.cart);
    saveDraft(same ? changed : { ...changed, saleKey: crypto.randomUUID() });
  }, []);

  return {
    ...draft,
    appendDigits: (digits: string) => update((d) => ({ ...d, amount: appendDigits(d.amount, digits) })),
    removeDigit: () => update((d) => ({ ...d, amount: removeDigit(d.amount) })),
    setAmount: (amount: number) => update((d) => ({ ...d, amount })),
    addProduct: (productId: string) =>
      update((d) => {
        const line = d.cart.find((l) => l.productId === productId);
        const cart = line ? d.cart.map((l) => (l === line ? { ...l, quantity: l.quantity + 1 } : l)) : [...d.cart, { productId, quantity: 1 }];
        return { ...d, cart };
      }),
    removeProduct: (productId: string) =>
      update((d) => ({ ...d, cart: d.cart.flatMap((l) => (l.productId !== productId ? [l] : l.quantity > 1 ? [{ ...l, quantity: l.quantity - 1 }] : [])) })),
    reset: () => update(() => freshDraft()),
  };
}
