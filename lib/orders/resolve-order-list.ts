import type { Ctx } from "@/lib/context";
import { businessDayOf, businessDayRange } from "@/lib/stores/business-day";
import { getStore } from "@/lib/stores/get-store";
import { listTerminals, type TerminalChoice } from "@/lib/terminals/list-terminals";
import { listOrderCreators, type OrderCreator } from "./list-order-creators";
import type { OrderFilter } from "./order-filter";
import { parseOrderSearch, type OrderSearch } from "./parse-order-search";

/** The orders list's choices as the address gives them (the screen and its CSV export alike). */
export type OrderListQuery = {
  storeId: string;
  /** The business day (YYYY-MM-DD) in the store's zone; today there when absent. */
  day?: string;
  status?: string;
  /** "staff:<id>" or "api_key:<id>"; ignored unless it names one of the store's. */
  cashier?: string;
  /** A terminal's id; ignored unless it is one of the store's. */
  terminal?: string;
  /** What was typed in the search: a reference or an amount (parse-order-search.ts). */
  q?: string;
};

export type ResolvedOrderList = {
  store: Awaited<ReturnType<typeof getStore>>;
  filter: OrderFilter;
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
 * Which orders the list's choices cover: a business day's (in the store's
 * time zone), narrowed by status, cashier, terminal and a search. A reference
 * names one order whatever its day, so a search by reference looks beyond the
 * day; an amount searches within it. A cashier or terminal that is not the
 * store's is dropped, never used to reach another store's orders.
 */
export async function resolveOrderList(ctx: Ctx, input: OrderListQuery): Promise<ResolvedOrderList> {
  const [store, creators, terminals] = await Promise.all([getStore(ctx, input.storeId), listOrderCreators(ctx, { storeId: input.storeId }), listTerminals(ctx, { storeId: input.storeId })]);
  const today = businessDayOf(ctx.now(), store.timeZone);
  const day = input.day ?? today;
  const cashier = creators.some((c) => c.ref === input.cashier) ? input.cashier : undefined;
  const terminal = terminals.some((t) => t.id === input.terminal) ? input.terminal : undefined;
  const search = input.q === undefined ? undefined : (parseOrderSearch(input.q, store.currency) ?? "unreadable");
  const { start, end } = businessDayRange(day, store.timeZone);
  const filter: OrderFilter = {
    storeId: store.id,
    status: input.status,
    createdBy: cashier,
    terminalId: terminal,
    ...(typeof search === "object" && "reference" in search ? { reference: search.reference } : { createdFrom: start, createdBefore: end }),
    ...(typeof search === "object" && "amount" in search ? { amount: search.amount } : {}),
  };
  return { store, filter, day, today, cashier, terminal, search, creators, terminals };
}
