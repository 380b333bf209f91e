import type { Locale } from "@/lib/i18n/locales";
import type { OrderItemResponse } from "./order-response";

/**
 * An order line in a reader's language: a product by its name in that
 * language as sold, a typed amount by that language's word for it
 * (`amountWord`), an API client's item by the name it was given.
 */
export function itemLabel(item: Pick<OrderItemResponse, "kind" | "name" | "names">, locale: Locale, amountWord: string): string {
  if (item.kind === "amount") return amountWord;
  return item.names?.[locale] ?? item.name;
}
