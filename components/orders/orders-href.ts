/** The Orders screen's filters as they stand in its address (app/(terminal)/orders/order-list-params.ts reads them back). */
export type OrderListFilters = { day: string; today: string; status?: string; cashier?: string; terminal?: string; q?: string; cursor?: string };

type Change = { day?: string; status?: string | undefined; cashier?: string | undefined; terminal?: string | undefined; q?: string | undefined; cursor?: string | undefined };

/**
 * The address of the Orders screen with some filters changed. Changing a
 * filter starts from the first page (a cursor belongs to one set of filters);
 * today is left out, so that a saved address means "today" tomorrow too.
 */
export function ordersHref(current: OrderListFilters, change: Change = {}): string {
  const next = { ...current, cursor: undefined, ...change };
  const params = filterParams(next, current.today);
  if (next.cursor) params.set("cursor", next.cursor);
  const query = params.toString();
  return query ? `/orders?${query}` : "/orders";
}

/**
 * The CSV download of every order the filters cover (all pages, so no
 * cursor). The day is always named: the file is of that day, whenever it is
 * downloaded.
 */
export function ordersExportHref(current: OrderListFilters): string {
  return `/orders/export.csv?${filterParams(current, undefined).toString()}`;
}

function filterParams(filters: OrderListFilters, today: string | undefined): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.day !== today) params.set("day", filters.day);
  if (filters.status) params.set("status", filters.status);
  if (filters.cashier) params.set("cashier", filters.cashier);
  if (filters.terminal) params.set("terminal", filters.terminal);
  if (filters.q) params.set("q", filters.q);
  return params;
}
