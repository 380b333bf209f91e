/** The Orders screen's filters as they stand in its address (app/(terminal)/orders/order-list-params.ts reads them back). */
export type OrderListFilters = { day: string; today: string; status?: string; cashier?: string; q?: string; cursor?: string };

type Change = { day?: string; status?: string | undefined; cashier?: string | undefined; q?: string | undefined; cursor?: string | undefined };

/**
 * The address of the Orders screen with some filters changed. Changing a
 * filter starts from the first page (a cursor belongs to one set of filters);
 * today is left out, so that a saved address means "today" tomorrow too.
 */
export function ordersHref(current: OrderListFilters, change: Change = {}): string {
  const next = { ...current, cursor: undefined, ...change };
  const params = new URLSearchParams();
  if (next.day !== current.today) params.set("day", next.day);
  if (next.status) params.set("status", next.status);
  if (next.cashier) params.set("cashier", next.cashier);
  if (next.q) params.set("q", next.q);
  if (next.cursor) params.set("cursor", next.cursor);
  const query = params.toString();
  return query ? `/orders?${query}` : "/orders";
}
