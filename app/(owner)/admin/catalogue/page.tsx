import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { CatalogueEditor } from "@/components/admin/catalogue-editor";
import { listCatalogue } from "@/lib/catalogue/list-products";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.nav"))("catalogue") };
}

export default async function CataloguePage() {
  const staff = await requireStaff("owner");
  const ctx = await serverCtx();
  const [{ products, categories }, store] = await Promise.all([listCatalogue(ctx, staff.actor.storeId), getStore(ctx, staff.actor.storeId)]);
  return (
    <CatalogueEditor
      currency={store.currency}
      products={products.map((p) => ({ id: p.id, nameZh: p.nameZh, nameEn: p.nameEn, unitAmount: p.unitAmount, categoryId: p.categoryId, sortOrder: p.sortOrder, active: p.active }))}
      categories={categories.map((c) => ({ id: c.id, nameZh: c.nameZh, nameEn: c.nameEn, sortOrder: c.sortOrder, active: c.active }))}
    />
  );
}
