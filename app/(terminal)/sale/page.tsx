import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import { SaleScreen } from "@/components/sale/sale-screen";
import { listProducts } from "@/lib/catalogue/list-products";
import { productGroups } from "@/lib/catalogue/product-groups";
import { storeConnections } from "@/lib/providers/store-connections";
import { serverCtx } from "@/lib/server-context";
import { getStore } from "@/lib/stores/get-store";
import { requireStaff } from "@/app/_server/session";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("title"))("sale") };
}

export default async function SalePage() {
  const staff = await requireStaff();
  const ctx = await serverCtx();
  const [{ products, categories }, store, connections, t, locale] = await Promise.all([
    listProducts(ctx, staff.actor.storeId),
    getStore(ctx, staff.actor.storeId),
    storeConnections(ctx.db, staff.actor.storeId),
    getTranslations("sale"),
    getLocale(),
  ]);
  const groups = productGroups(products, categories, locale, { all: t("allProducts"), other: t("otherProducts") });
  // One connection: the one Charge button, as ever. More: the cashier picks the QR (one button per connection).
  const choices = connections.length > 1 ? connections.map(({ id, name }) => ({ id, name })) : [];
  return <SaleScreen groups={groups} confirmAbove={store.confirmAmountAbove} connections={choices} />;
}
