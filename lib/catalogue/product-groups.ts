import type { Locale } from "@/lib/i18n/locales";
import type { CatalogueCategory, CatalogueProduct } from "./list-products";

export type ProductGroup = { id: string; name: string; products: CatalogueProduct[] };

/**
 * The sale grid's tabs: everything first, then each category in the owner's
 * order, then the products without one. Without categories there is one group
 * (the grid shows no tabs then).
 */
export function productGroups(products: CatalogueProduct[], categories: CatalogueCategory[], locale: Locale, words: { all: string; other: string }): ProductGroup[] {
  const all = { id: "all", name: words.all, products };
  if (categories.length === 0) return [all];
  const byCategory = categories.map((c) => ({ id: c.id, name: locale === "en" ? c.nameEn : c.nameZh, products: products.filter((p) => p.categoryId === c.id) }));
  const other = products.filter((p) => p.categoryId === null);
  return [all, ...byCategory.filter((g) => g.products.length > 0), ...(other.length > 0 ? [{ id: "other", name: words.other, products: other }] : [])];
}
