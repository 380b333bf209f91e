"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { createSale } from "@/app/(terminal)/sale/actions";
import { errorText } from "@/components/i18n/error-text";
import { useI18n } from "@/components/i18n/i18n-provider";
import type { CatalogueProduct } from "@/lib/catalogue/list-products";
import { AmountKeypad } from "./amount-keypad";
import { useSaleDraft } from "./use-sale-draft";

export function SaleScreen({ products }: { products: CatalogueProduct[] }) {
  const { t, money, locale } = useI18n();
  const router = useRouter();
  const draft = useSaleDraft();
  // An error belongs to the sale it was about: changing the sale gives it a new key, which hides it.
  const [errorState, setErrorState] = useState<{ saleKey: string; text: string } | null>(null);
  const error = errorState?.saleKey === draft.saleKey ? errorState.text : null;
  const setError = (text: string) => setErrorState({ saleKey: draft.saleKey, text });
  const [pending, start] = useTransition();
  const byId = new Map(products.map((p) => [p.id, p]));
  const cartTotal = draft.cart.reduce((sum, line) => sum + (byId.get(line.productId)?.unitAmount ?? 0) * line.quantity, 0);
  const total = cartTotal + draft.amount;

  const charge = () =>
    start(async () => {
      try {
        const result = await createSale({ saleKey: draft.saleKey, amount: draft.amount, cart: draft.cart });
        if (result.ok) {
          draft.reset();
          router.push(`/charge/${result.data.orderId}`);
        } else {
          setError(errorText(t, result));
        }
      } catch {
        // The network dropped: the sale key is kept, so pressing again cannot create a second order.
        setError(t("genericError"));
      }
    });

  return (
    <main className="grid gap-4 p-4 lg:grid-cols-[minmax(320px,400px)_1fr]">
      <section className="flex flex-col gap-3" aria-label={t("keypad")}>
        <output className="rounded-xl bg-white p-4 text-right text-5xl font-bold tabular-nums shadow-sm" data-testid="amount-display">
          {money(draft.amount)}
        </output>
        <AmountKeypad onDigits={draft.appendDigits} onBackspace={draft.removeDigit} onClear={() => draft.setAmount(0)} />
      </section>
      <section className="flex flex-col gap-3" aria-label={t("products")}>
        <div className="grid grid-cols-3 gap-2">
          {products.map((p) => (
            <button
              key={p.id}
              type="button"
              onClick={() => draft.addProduct(p.id)}
              className="flex min-h-20 flex-col items-start justify-between rounded-xl bg-white p-3 text-left shadow-sm ring-1 ring-slate-200 active:bg-slate-200"
            >
              <span className="font-medium">{locale === "en" ? p.nameEn : p.nameZh}</span>
              <span className="text-sm text-slate-500 tabular-nums">{money(p.unitAmount)}</span>
            </button>
          ))}
        </div>
        <div className="rounded-xl bg-white p-3 shadow-sm" aria-label={t("cart")}>
          {draft.cart.length === 0 && draft.amount === 0 ? (
            <p className="py-2 text-center text-slate-500">{t("emptyCart")}</p>
          ) : (
            <ul className="divide-y divide-slate-100">
              {draft.cart.map((line) => {
                const p = byId.get(line.productId);
                if (!p) return null;
                return (
                  <li key={line.productId} className="flex items-center gap-2 py-1">
                    <span className="flex-1">{locale === "en" ? p.nameEn : p.nameZh}</span>
                    <button type="button" aria-label="−" onClick={() => draft.removeProduct(line.productId)} className="h-11 w-11 rounded-lg bg-slate-100 text-xl">
                      −
                    </button>
                    <span className="w-8 text-center tabular-nums">{line.quantity}</span>
                    <button type="button" aria-label="+" onClick={() => draft.addProduct(line.productId)} className="h-11 w-11 rounded-lg bg-slate-100 text-xl">
                      +
                    </button>
                    <span className="w-24 text-right tabular-nums">{money(p.unitAmount * line.quantity)}</span>
                  </li>
                );
              })}
              {draft.amount > 0 && draft.cart.length > 0 && (
                <li className="flex justify-between py-1">
                  <span>{t("keypad")}</span>
                  <span className="tabular-nums">{money(draft.amount)}</span>
                </li>
              )}
            </ul>
          )}
        </div>
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-700" data-testid="sale-error">
            {error}
          </p>
        )}
        <button
          type="button"
          onClick={charge}
          disabled={total <= 0 || pending}
          className="min-h-20 rounded-xl bg-brand text-3xl font-bold text-white shadow active:bg-brand-dark disabled:opacity-40"
          data-testid="charge"
        >
          {pending ? t("creating") : t("charge", { amount: money(total) })}
        </button>
      </section>
    </main>
  );
}
