"use client";

import { Minus, Plus } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { createSale } from "@/app/(terminal)/sale/actions";
import { useErrorText, type ActionError } from "@/components/i18n/error-text";
import { useMoney } from "@/components/i18n/i18n-provider";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useDigitKeys } from "@/components/ui/use-digit-keys";
import type { CatalogueProduct } from "@/lib/catalogue/list-products";
import { MAX_AMOUNT } from "@/lib/money";
import { AmountKeypad } from "./amount-keypad";
import type { ProductGroup } from "@/lib/catalogue/product-groups";
import { ProductGrid } from "./product-grid";
import { useSaleDraft } from "./use-sale-draft";

// Its own chunk (with Radix's dialog): most sales are under the store's limit and never ask.
const loadConfirmCharge = () => import("./confirm-charge").then((m) => m.ConfirmCharge);
const ConfirmCharge = dynamic(loadConfirmCharge, { ssr: false });

/**
 * The sale being rung up: products tapped and an amount typed, their total on
 * the big display, and Charge. On a phone the total and Charge stay in a bar
 * at the bottom of the screen, so that every tap is seen to count.
 *
 * A store with more than one payment connection (`connections`, the default
 * first) shows one Charge button per connection instead — "WeChat Pay",
 * "Alipay" by their names — and the order's one QR is made through the one the
 * cashier pressed (Enter picks the default). With one connection, nothing changes.
 */
export function SaleScreen({ groups, confirmAbove, connections = [] }: { groups: ProductGroup[]; confirmAbove: number; connections?: { id: string; name: string }[] }) {
  const tp = useTranslations("chooseProvider");
  const t = useTranslations("sale");
  const tc = useTranslations("common");
  const locale = useLocale();
  const money = useMoney();
  const errorText = useErrorText();
  const router = useRouter();
  const draft = useSaleDraft();
  // An error belongs to the sale it was about: changing the sale gives it a new key, which hides it.
  const [errorState, setErrorState] = useState<{ saleKey: string; error: ActionError } | null>(null);
  const error = errorState?.saleKey === draft.saleKey ? errorState.error : null;
  // The confirmation (above the store's limit) remembers which QR it is for; `undefined` is the default connection.
  const [confirming, setConfirming] = useState<{ connectionId: string | undefined } | null>(null);
  const [pending, start] = useTransition();
  const byId = new Map(groups.flatMap((g) => g.products).map((p) => [p.id, p]));
  const lines = draft.cart.flatMap((line) => {
    const product = byId.get(line.productId);
    return product ? [{ product, quantity: line.quantity }] : [];
  });
  const total = lines.reduce((sum, l) => sum + l.product.unitAmount * l.quantity, 0) + draft.amount;
  const itemCount = lines.reduce((sum, l) => sum + l.quantity, 0) + (draft.amount > 0 ? 1 : 0);
  const tooLarge = total > MAX_AMOUNT;
  const canCharge = total > 0 && !tooLarge && !pending;
  const quantities = new Map(draft.cart.map((l) => [l.productId, l.quantity]));
  const nameOf = (p: CatalogueProduct) => (locale === "en" ? p.nameEn : p.nameZh);

  const charge = (connectionId: string | undefined) =>
    start(async () => {
      setConfirming(null);
      const saleKey = draft.saleKey;
      try {
        const result = await createSale({ saleKey, amount: draft.amount, cart: draft.cart, ...(connectionId ? { connectionId } : {}) });
        if (result.ok) {
          draft.reset();
          router.push(`/charge/${result.data.orderId}`);
        } else {
          setErrorState({ saleKey, error: result });
        }
      } catch {
        // The network dropped: the sale key is kept, so pressing again cannot create a second order.
        setErrorState({ saleKey, error: { code: "internal_error", message: "" } });
      }
    });

  /** Charge, after a confirmation when the total is above the store's usual limit. */
  const requestCharge = (connectionId?: string) => {
    if (!canCharge) return;
    if (total > confirmAbove) setConfirming({ connectionId });
    else charge(connectionId);
  };

  // Fetched as soon as the total passes the limit, before Charge is pressed, so that the question appears at once.
  const asksToConfirm = total > confirmAbove;
  useEffect(() => {
    if (asksToConfirm) void loadConfirmCharge();
  }, [asksToConfirm]);

  useDigitKeys({ onDigit: draft.appendDigits, onBackspace: draft.removeDigit, onClear: () => draft.setAmount(0), onEnter: () => requestCharge(connections[0]?.id) }, !confirming);

  const chargeLabel = pending ? t("creating") : t("charge", { amount: money(total) });

  return (
    <main className={cn("grid gap-3 p-3 md:grid-cols-[minmax(0,1fr)_minmax(20rem,24rem)] md:pb-3", connections.length > 1 ? "pb-48" : "pb-32")}>
      <aside className="flex min-w-0 flex-col gap-3 md:order-2" aria-label={t("cart")}>
        <div className="@container rounded-xl bg-white p-3 shadow-sm">
          <p className="text-sm text-slate-500">{t("saleTotal")}</p>
          <output className="block text-right text-[clamp(1.75rem,9cqi,3rem)] font-bold leading-tight tabular-nums [overflow-wrap:anywhere]" data-testid="amount-display" aria-live="polite">
            {money(total)}
          </output>
          {itemCount === 0 ? (
            <p className="pt-1 text-center text-slate-500">{t("emptyCart")}</p>
          ) : (
            <ul className="mt-1 max-h-40 divide-y divide-slate-100 overflow-y-auto" data-testid="sale-lines">
              {lines.map(({ product, quantity }) => (
                <li key={product.id} className="flex min-w-0 items-center gap-2 py-1">
                  <span className="min-w-0 flex-1 truncate">{nameOf(product)}</span>
                  <button type="button" aria-label={t("decrease", { name: nameOf(product) })} onClick={() => draft.removeProduct(product.id)} className="flex size-12 shrink-0 items-center justify-center rounded-lg bg-slate-100">
                    <Minus aria-hidden className="size-5" />
                  </button>
                  <span className="w-7 shrink-0 text-center tabular-nums">{quantity}</span>
                  <button type="button" aria-label={t("increase", { name: nameOf(product) })} onClick={() => draft.addProduct(product.id)} className="flex size-12 shrink-0 items-center justify-center rounded-lg bg-slate-100">
                    <Plus aria-hidden className="size-5" />
                  </button>
                  <span className="shrink-0 text-right tabular-nums">{money(product.unitAmount * quantity)}</span>
                </li>
              ))}
              {draft.amount > 0 && (
                <li className="flex min-w-0 items-center justify-between gap-2 py-2" data-testid="typed-amount-line">
                  <span>{t("typedAmount")}</span>
                  <span className="tabular-nums [overflow-wrap:anywhere]">{money(draft.amount)}</span>
                </li>
              )}
            </ul>
          )}
        </div>
        <AmountKeypad onDigits={draft.appendDigits} onBackspace={draft.removeDigit} onClear={() => draft.setAmount(0)} onClearSale={draft.reset} />
        {tooLarge && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-700">
            {t("tooLarge", { max: money(MAX_AMOUNT) })}
          </p>
        )}
        {error && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-red-700" data-testid="sale-error">
            {errorText(error)}
          </p>
        )}
        {connections.length > 1 ? (
          <div className="@container hidden flex-col gap-2 md:flex" role="group" aria-label={tp("label")} data-testid="choose-provider">
            {connections.map((c) => (
              <Button key={c.id} onClick={() => requestCharge(c.id)} disabled={!canCharge} className="min-h-16 w-full text-[clamp(1rem,6cqi,1.5rem)] leading-tight [overflow-wrap:anywhere]" data-testid="charge-with" data-connection={c.id}>
                {pending ? t("creating") : tp("chargeWith", { amount: money(total), name: c.name })}
              </Button>
            ))}
          </div>
        ) : (
          <div className="@container hidden md:block">
            <Button onClick={() => requestCharge()} disabled={!canCharge} className="min-h-18 w-full text-[clamp(1.125rem,7cqi,1.875rem)] leading-tight [overflow-wrap:anywhere]" data-testid="charge">
              {chargeLabel}
            </Button>
          </div>
        )}
      </aside>
      <div className="min-w-0 md:order-1">
        <ProductGrid groups={groups} quantities={quantities} onAdd={draft.addProduct} />
      </div>
      <div
        className={cn(
          "@container fixed inset-x-0 bottom-0 z-30 flex items-center gap-3 border-t border-slate-200 bg-white/95 p-3 shadow-[0_-4px_12px_rgba(0,0,0,0.06)] backdrop-blur md:hidden",
          // Several QRs to pick from: the total on a line of its own, the buttons side by side below it.
          connections.length > 1 && "flex-wrap",
        )}
        data-testid="sale-bar"
      >
        <div className={cn("min-w-0 shrink", connections.length > 1 && "basis-full")}>
          <p className="text-sm text-slate-500">{t("itemCount", { count: itemCount })}</p>
          <p className="text-lg font-bold tabular-nums [overflow-wrap:anywhere]">{money(total)}</p>
        </div>
        {connections.length > 1 ? (
          connections.map((c) => (
            <Button key={c.id} onClick={() => requestCharge(c.id)} disabled={!canCharge} className="min-h-14 min-w-0 flex-1 px-2 leading-tight break-words" data-testid="charge-bar-with" data-connection={c.id}>
              {pending ? t("creating") : c.name}
            </Button>
          ))
        ) : (
          <Button onClick={() => requestCharge()} disabled={!canCharge} className="min-h-14 min-w-0 flex-1 text-lg leading-tight [overflow-wrap:anywhere]" data-testid="charge-bar">
            {pending ? t("creating") : t("chargeShort")}
          </Button>
        )}
      </div>
      {confirming && (
        <ConfirmCharge
          title={t("confirmTitle", { amount: money(total) })}
          description={t("confirmText", { limit: money(confirmAbove) })}
          closeLabel={tc("close")}
          confirmLabel={t("confirmCharge", { amount: money(total) })}
          backLabel={t("confirmBack")}
          onConfirm={() => charge(confirming.connectionId)}
          onCancel={() => setConfirming(null)}
        />
      )}
    </main>
  );
}
