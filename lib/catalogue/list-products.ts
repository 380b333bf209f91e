import type { Ctx } from "@/lib/context";

export type CatalogueProduct = { id: string; nameEn: string; nameZh: string; unitAmount: number; categoryId: string | null };
export type CatalogueCategory = { id: string; nameEn: string; nameZh: string };

/**
 * The sale screen's grid: a store's products on sale and their active
 * categories, each in the owner's order (index ("storeId", "sortOrder") on both).
 * A product whose category is switched off is shown without one.
 */
export async function listProducts(ctx: Ctx, storeId: string): Promise<{ products: CatalogueProduct[]; categories: CatalogueCategory[] }> {
  const [products, categories] = await Promise.all([
    ctx.db.product.findMany({ where: { storeId, active: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, nameEn: true, nameZh: true, unitAmount: true, categoryId: true } }),
    ctx.db.category.findMany({ where: { storeId, active: true }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }], select: { id: true, nameEn: true, nameZh: true } }),
  ]);
  const active = new Set(categories.map((c) => c.id));
  return { products: products.map((p) => (p.categoryId && !active.has(p.categoryId) ? { ...p, categoryId: null } : p)), categories };
}

/** Every product and category of the store, on sale or not, for the owner's catalogue page. */
export async function listCatalogue(ctx: Ctx, storeId: string) {
  const [products, categories] = await Promise.all([
    ctx.db.product.findMany({ where: { storeId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
    ctx.db.category.findMany({ where: { storeId }, orderBy: [{ sortOrder: "asc" }, { id: "asc" }] }),
  ]);
  return { products, categories };
}
