import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { SaleScreen } from "@/components/sale/sale-screen";
import { listProducts } from "@/lib/catalogue/list-products";
import { productGroups } from "@/lib/catalogue/product-groups";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("sale") };
}

export default async function SalePage() {
  const staff = await requireStaff();
  const ctx = await serverCtx();
  const [{ products, categories }, store, t, locale] = await Promise.all([listProducts(ctx, staff.actor.storeId), getStore(ctx, staff.actor.storeId), getTranslations("sale"), getLocale()]);
  const groups = productGroups(products, categories, locale, { all: t("allProducts"), other: t("otherProducts") });
  return <SaleScreen groups={groups} confirmAbove={store.confirmAmountAbove} />;
}
