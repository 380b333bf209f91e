import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { businessDayOf, businessDayRange } from "@/lib/stores/business-day";
import { getStore } from "@/lib/stores/get-store";
import { listOrderCreators, type OrderCreator } from "./list-order-creators";
import { listOrders } from "./list-orders";
import type { OrderFilter } from "./order-filter";
import { orderRow, type OrderRow } from "./order-view";
import { parseOrderSearch, type OrderSearch } from "./parse-order-search";
import { summarizeOrders, type OrdersSummary } from "./summarize-orders";

export type BrowseOrdersInput = {
  storeId: string;
  /** The business day (YYYY-MM-DD) in the store's zone; today there when absent. */
  day?: string;
  status?: string;
  /** "staff:<id>" or "api_key:<id>"; ignored unless it names one of the store's. */
  cashier?: string;
  /** What was typed in the search: a reference or an amount (parse-order-search.ts). */
  q?: string;
  cursor?: string;
  limit: number;
};

export type BrowseOrdersResult = {
  rows: OrderRow[];
  nextCursor: string | null;
  summary: OrdersSummary;
  day: string;
  today: string;
  cashier: string | undefined;
  /** How the search was read; "unreadable" when it is neither a reference nor an amount (nothing is then filtered by it). */
  search: OrderSearch | "unreadable" | undefined;
  creators: OrderCreator[];
};

/**
 * The Orders screen: one page of a business day's orders (in the store's
 * time zone), filtered by status, cashier and a search, with the count and
 * total of all of them. A reference names one order whatever its day, so a
 * search by reference looks beyond the day; an amount searches within it.
 * A cursor that is not one Till gave out starts from the first page.
 */
export async function browseOrders(ctx: Ctx, input: BrowseOrdersInput): Promise<BrowseOrdersResult> {
  const [store, creators] = await Promise.all([getStore(ctx, input.storeId), listOrderCreators(ctx, { storeId: input.storeId })]);
  const today = businessDayOf(ctx.now(), store.timeZone);
  const day = input.day ?? today;
  const cashier = creators.some((c) => c.ref === input.cashier) ? input.cashier : undefined;
  const search = input.q === undefined ? undefined : (parseOrderSearch(input.q, store.currency) ?? "unreadable");
  const { start, end } = businessDayRange(day, store.timeZone);
  const filter: OrderFilter = {
    storeId: store.id,
    status: input.status,
    createdBy: cashier,
    ...(typeof search === "object" && "reference" in search ? { reference: search.reference } : { createdFrom: start, createdBefore: end }),
    ...(typeof search === "object" && "amount" in search ? { amount: search.amount } : {}),
  };
  const page = await listOrders(ctx, { ...filter, limit: input.limit, cursor: input.cursor }).catch((error: unknown) => {
    if (input.cursor !== undefined && isAppError(error) && error.code === "invalid_request") return listOrders(ctx, { ...filter, limit: input.limit });
    throw error;
  });
  const summary = await summarizeOrders(ctx, filter);
  return { rows: page.data.map((order) => orderRow(order, creators, store.timeZone)), nextCursor: page.nextCursor, summary, day, today, cashier, search, creators };
}
