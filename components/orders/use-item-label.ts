"use client";

import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import { itemLabel } from "@/lib/orders/item-label";
import type { OrderItemResponse } from "@/lib/orders/order-response";

/** An order line in the viewer's language (see lib/orders/item-label.ts). */
export function useItemLabel(): (item: Pick<OrderItemResponse, "kind" | "name" | "names">) => string {
  const locale = useLocale();
  const t = useTranslations("sale");
  return useCallback((item) => itemLabel(item, locale, t("typedAmount")), [locale, t]);
}
