import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { listOrders } from "./list-orders";
import { orderRow, type OrderRow } from "./order-view";
import { resolveOrderList, type OrderListQuery, type ResolvedOrderList } from "./resolve-order-list";
import { summarizeOrders, type OrdersSummary } from "./summarize-orders";

export type BrowseOrdersInput = OrderListQuery & { cursor?: string; limit: number };

/** A page of the list, its count and total, and how the list's choices were read. */
export type BrowseOrdersResult = Omit<ResolvedOrderList, "store" | "filter"> & {
  rows: OrderRow[];
  nextCursor: string | null;
  summary: OrdersSummary;
};

/**
 * The Orders screen: one page of the orders the list's choices cover
 * (resolve-order-list.ts), with the count and total of all of them. A cursor
 * that is not one Till gave out starts from the first page.
 */
export async function browseOrders(ctx: Ctx, input: BrowseOrdersInput): Promise<BrowseOrdersResult> {
  const { store, filter, ...choices } = await resolveOrderList(ctx, input);
  const page = await listOrders(ctx, { ...filter, limit: input.limit, cursor: input.cursor }).catch((error: unknown) => {
    if (input.cursor !== undefined && isAppError(error) && error.code === "invalid_request") return listOrders(ctx, { ...filter, limit: input.limit });
    throw error;
  });
  const summary = await summarizeOrders(ctx, filter);
  return { rows: page.data.map((order) => orderRow(order, choices.creators, store.timeZone)), nextCursor: page.nextCursor, summary, ...choices };
}
