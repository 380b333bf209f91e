import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SaleScreen } from "@/components/sale/sale-screen";
import { listProducts } from "@/lib/catalogue/list-products";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("sale") };
}

export default async function SalePage() {
  const staff = await requireStaff();
  const ctx = await serverCtx();
  const [products, store, t] = await Promise.all([listProducts(ctx, staff.actor.storeId), getStore(ctx, staff.actor.storeId), getTranslations("sale")]);
  // One group until the catalogue has categories; the grid shows tabs as soon as there are several.
  return <SaleScreen groups={[{ id: "all", name: t("allProducts"), products }]} confirmAbove={store.confirmAmountAbove} />;
}
