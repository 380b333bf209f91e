import type { Ctx } from "@/lib/context";
import { csvDecimal, csvDocument, pagesOf } from "@/lib/csv/csv-writer";
import { toDecimalString } from "@/lib/money";
import { zonedTimestamp } from "@/lib/stores/business-day";
import { displayStatus } from "./display-status";
import { listOrders } from "./list-orders";
import { ORDERS_CSV_HEADER } from "./orders-csv-header";
import { resolveOrderList, type OrderListQuery } from "./resolve-order-list";


/**
 * The orders the list's choices cover (every page, not only the one on
 * screen) as CSV, newest first: amounts as decimals of the store's currency,
 * times on the store's clock with their offset, people and terminals by name.
 * Read in batches through the same index-served pages as the screen, so
 * memory stays flat however many orders a filter covers.
 */
export async function exportOrdersCsv(ctx: Ctx, query: OrderListQuery, { batch = 500 }: { batch?: number } = {}): Promise<AsyncGenerator<string>> {
  const { store, filter, creators, terminals } = await resolveOrderList(ctx, query);
  const people = new Map(creators.map((c) => [c.ref, c.name]));
  const tills = new Map(terminals.map((t) => [t.id, `${t.code} · ${t.name}`]));
  const money = (minor: number, currency: string) => csvDecimal(toDecimalString(minor, currency));
  const at = (time: Date | null) => (time ? zonedTimestamp(time, store.timeZone) : null);
  return csvDocument(ORDERS_CSV_HEADER, pagesOf((cursor) => listOrders(ctx, { ...filter, limit: batch, cursor })), (order) => [
    order.reference,
    displayStatus(order),
    money(order.amount, order.currency),
    money(order.amountReceived, order.currency),
    money(order.amountRefunded, order.currency),
    order.currency,
    at(order.createdAt),
    at(order.paidAt),
    tills.get(order.terminalId) ?? order.terminalId,
    people.get(order.createdBy) ?? order.createdBy,
    order.note,
  ]);
}
