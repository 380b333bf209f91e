"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { OrderItemResponse } from "@/lib/orders/order-response";

/** An order line in the viewer's language: a product by its name in that language, a typed amount by the word for it. */
export function useItemLabel(): (item: Pick<OrderItemResponse, "kind" | "name" | "names">) => string {
  const locale = useLocale();
  const t = useTranslations("sale");
  return useCallback((item) => (item.kind === "amount" ? t("typedAmount") : (item.names?.[locale] ?? item.name)), [locale, t]);
}
