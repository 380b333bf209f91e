import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import type { TerminalChoice } from "@/lib/terminals/list-terminals";
import type { OrderCreator } from "./list-order-creators";
import { listOrders } from "./list-orders";
import { orderRow, type OrderRow } from "./order-view";
import type { OrderSearch } from "./parse-order-search";
import { resolveOrderList, type OrderListQuery } from "./resolve-order-list";
import { summarizeOrders, type OrdersSummary } from "./summarize-orders";

export type BrowseOrdersInput = OrderListQuery & { cursor?: string; limit: number };

export type BrowseOrdersResult = {
  rows: OrderRow[];
  nextCursor: string | null;
  summary: OrdersSummary;
  day: string;
  today: string;
  cashier: string | undefined;
  terminal: string | undefined;
  /** How the search was read; "unreadable" when it is neither a reference nor an amount (nothing is then filtered by it). */
  search: OrderSearch | "unreadable" | undefined;
  creators: OrderCreator[];
  terminals: TerminalChoice[];
};

/**
 * The Orders screen: one page of the orders the list's choices cover
 * (resolve-order-list.ts), with the count and total of all of them. A cursor
 * that is not one Till gave out starts from the first page.
 */
export async function browseOrders(ctx: Ctx, input: BrowseOrdersInput): Promise<BrowseOrdersResult> {
  const { store, filter, day, today, cashier, terminal, search, creators, terminals } = await resolveOrderList(ctx, input);
  const page = await listOrders(ctx, { ...filter, limit: input.limit, cursor: input.cursor }).catch((error: unknown) => {
    if (input.cursor !== undefined && isAppError(error) && error.code === "invalid_request") return listOrders(ctx, { ...filter, limit: input.limit });
    throw error;
  });
  const summary = await summarizeOrders(ctx, filter);
  return { rows: page.data.map((order) => orderRow(order, creators, store.timeZone)), nextCursor: page.nextCursor, summary, day, today, cashier, terminal, search, creators, terminals };
}
