import type { Ctx } from "@/lib/context";

export type CatalogueProduct = { id: string; nameEn: string; nameZh: string; unitAmount: number };

/** The sale screen's product grid: a store's active products in their order. */
export async function listProducts(ctx: Ctx, storeId: string): Promise<CatalogueProduct[]> {
  return ctx.db.product.findMany({
    where: { storeId, active: true },
    orderBy: { sortOrder: "asc" },
    select: { id: true, nameEn: true, nameZh: true, unitAmount: true },
  });
}
