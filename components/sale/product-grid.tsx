"use client";

import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useMoney } from "@/components/i18n/i18n-provider";
import { cn } from "@/components/ui/cn";
import { releaseFocusAfterPointer } from "@/components/ui/pad-button";
import type { ProductGroup } from "@/lib/catalogue/product-groups";


/**
 * The products to tap, by category: a row of category tabs when the catalogue
 * has more than one, then the category's products as large tiles. The count
 * already in the sale shows on each tile, so that a tap is seen to count.
 */
export function ProductGrid({ groups, quantities, onAdd }: { groups: ProductGroup[]; quantities: ReadonlyMap<string, number>; onAdd: (productId: string) => void }) {
  const t = useTranslations("sale");
  const locale = useLocale();
  const money = useMoney();
  const [groupId, setGroupId] = useState(groups[0]?.id);
  const shown = groups.find((g) => g.id === groupId) ?? groups[0];
  if (!shown) return null;
  return (
    <section className="flex min-w-0 flex-col gap-2" aria-label={t("products")}>
      {groups.length > 1 && (
        <div className="flex gap-2 overflow-x-auto pb-1" role="tablist" aria-label={t("products")}>
          {groups.map((g) => (
            <button
              key={g.id}
              type="button"
              role="tab"
              aria-selected={g.id === shown.id}
              onClick={() => setGroupId(g.id)}
              className={cn("min-h-12 shrink-0 rounded-lg px-4 font-medium ring-1 ring-slate-200", g.id === shown.id ? "bg-brand text-white ring-brand" : "bg-white")}
            >
              {g.name}
            </button>
          ))}
        </div>
      )}
      <div className="grid grid-cols-[repeat(auto-fill,minmax(7.5rem,1fr))] gap-2">
        {shown.products.map((p) => {
          const count = quantities.get(p.id) ?? 0;
          return (
            <button
              key={p.id}
              type="button"
              onClick={(event) => {
                releaseFocusAfterPointer(event);
                onAdd(p.id);
              }}
              className="relative flex min-h-20 min-w-0 flex-col items-start justify-between rounded-xl bg-white p-3 text-left shadow-sm ring-1 ring-slate-200 active:bg-slate-200"
              data-testid="product"
            >
              <span className="line-clamp-2 font-medium [overflow-wrap:anywhere]">{locale === "en" ? p.nameEn : p.nameZh}</span>
              <span className="text-sm text-slate-500 tabular-nums">{money(p.unitAmount)}</span>
              {count > 0 && (
                <span className="absolute right-2 top-2 flex min-w-7 items-center justify-center rounded-full bg-brand px-2 text-sm font-bold text-white tabular-nums" data-testid="product-count">
                  {count}
                </span>
              )}
            </button>
          );
        })}
      </div>
    </section>
  );
}
