"use client";

import { Scale } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { chooseStoreAction } from "@/app/(owner)/chain/actions";
import { useErrorText } from "@/components/i18n/error-text";
import { DayNav } from "@/components/reconciliation/day-nav";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useToast } from "@/components/ui/toast";
import type { ChainDay, ChainFigure } from "@/lib/reconciliation/get-chain-day";
import { formatMoney } from "@/lib/money";

const FIGURES: ChainFigure[] = ["expected", "received", "settled", "refunded", "fees", "net"];

/**
 * Every store of the chain side by side for one business day: the figures of
 * each store's own Reconciliation page, its open discrepancies, the chain's
 * totals, and a button that opens the store's Reconciliation page (the
 * session then acts in that store, as with the store switcher).
 */
export function ChainScreen({ view, actingStoreId }: { view: ChainDay; actingStoreId: string }) {
  const t = useTranslations("chainStores");
  const tr = useTranslations("reconciliation");
  const locale = useLocale();
  const errorText = useErrorText();
  const toast = useToast();
  const router = useRouter();
  const [pending, start] = useTransition();
  const money = (minor: number, currency: string) => formatMoney(minor, currency, locale);
  const dayHref = (day: string) => `/chain?day=${day}`;
  const open = (storeId: string) =>
    start(async () => {
      if (storeId !== actingStoreId) {
        const result = await chooseStoreAction({ storeId });
        if (!result.ok) return toast("bad", `${t("switchFailed")}: ${errorText(result)}`);
      }
      router.push(`/reconciliation?day=${view.day}`);
      // The owner pages' frame (header, store switcher) is a layout: read again for the store now acted in.
      router.refresh();
    });
  return (
    <main className="mx-auto flex w-full max-w-6xl flex-col gap-4 p-3 md:p-4" data-testid="chain" data-day={view.day}>
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <DayNav day={view.day} previous={view.previous} next={view.next} today={view.today} href={dayHref} />
      {view.totals.map((total) => (
        <section key={total.currency} className="rounded-2xl bg-slate-900 p-4 text-white" data-testid="chain-total" data-currency={total.currency}>
          <h2 className="text-sm font-medium text-slate-300">{t("total", { stores: view.stores.filter((s) => s.currency === total.currency).length })}</h2>
          <dl className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-7">
            {FIGURES.map((figure) => (
              <div key={figure} data-testid={`total-${figure}`} data-amount={total.figures[figure]}>
                <dt className="text-sm text-slate-300">{tr(`tiles.${figure}`)}</dt>
                <dd className="text-lg font-bold tabular-nums [overflow-wrap:anywhere]">{money(total.figures[figure], total.currency)}</dd>
              </div>
            ))}
            <div data-testid="total-open" data-count={total.openCount}>
              <dt className="text-sm text-slate-300">{t("open")}</dt>
              <dd className="text-lg font-bold tabular-nums">{total.openCount}</dd>
            </div>
          </dl>
        </section>
      ))}
      <ul className="grid gap-3 md:grid-cols-2 xl:grid-cols-3">
        {view.stores.map((store) => (
          <li key={store.id} className={cn("flex flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm", store.openCount > 0 && "ring-2 ring-amber-400")} data-testid="chain-store" data-store={store.id} data-name={store.name}>
            <div className="flex items-center gap-2">
              <h2 className="mr-auto text-lg font-semibold [overflow-wrap:anywhere]">{store.name}</h2>
              {store.id === actingStoreId && <span className="rounded-md bg-slate-100 px-2 py-0.5 text-sm">{t("current")}</span>}
            </div>
            <dl className="grid grid-cols-2 gap-x-3 gap-y-1 sm:grid-cols-3">
              {FIGURES.map((figure) => (
                <div key={figure} data-testid={`store-${figure}`} data-amount={store.figures[figure]}>
                  <dt className="text-sm text-slate-500">{tr(`tiles.${figure}`)}</dt>
                  <dd className="font-semibold tabular-nums [overflow-wrap:anywhere]">{money(store.figures[figure], store.currency)}</dd>
                </div>
              ))}
            </dl>
            <p className={cn("text-sm", store.openCount > 0 ? "font-medium text-amber-800" : "text-slate-500")} data-testid="store-open" data-count={store.openCount}>
              {t("openCount", { count: store.openCount })}
            </p>
            <Button variant="outline" className="mt-auto" disabled={pending} onClick={() => open(store.id)} data-testid="open-store">
              <Scale aria-hidden className="size-5" />
              {t("openReconciliation")}
            </Button>
          </li>
        ))}
      </ul>
    </main>
  );
}
