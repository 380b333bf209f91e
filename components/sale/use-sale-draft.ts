"use client";

import { useCallback, useEffect, useState } from "react";
import { appendDigits, removeDigit } from "@/lib/money";

type CartLine = { productId: string; quantity: number };
type Draft = { saleKey: string; amount: number; cart: CartLine[] };

const STORAGE_KEY = "till.saleDraft";

function freshDraft(): Draft {
  return { saleKey: crypto.randomUUID(), amount: 0, cart: [] };
}

/**
 * The sale being rung up, kept in sessionStorage with its idempotency key: a
 * refresh or a lost connection brings back the same sale, and charging it
 * again returns the order already made instead of a second one.
 */
export function useSaleDraft() {
  const [draft, setDraft] = useState<Draft>({ saleKey: "pending", amount: 0, cart: [] });

  useEffect(() => {
    const saved = sessionStorage.getItem(STORAGE_KEY);
    setDraft(saved ? (JSON.parse(saved) as Draft) : freshDraft());
  }, []);

  const update = useCallback((change: (d: Draft) => Draft) => {
    setDraft((d) => {
      const changed = change(d);
      // A different sale is a different request: it gets its own key.
      const same = changed.amount === d.amount && JSON.stringify(changed.cart) === JSON.stringify(d.cart);
      const next = same ? changed : { ...changed, saleKey: crypto.randomUUID() };
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
      return next;
    });
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
