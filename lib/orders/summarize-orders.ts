import type { Ctx } from "@/lib/context";
import { Prisma } from "@/lib/generated/prisma/client";
import { orderFilterSql, type OrderFilter } from "./order-filter";

export type OrdersSummary = { count: number; received: number; refunded: number };

/**
 * How many orders a filter covers and what they received and refunded, in
 * minor units of the store's currency (an order is always in its store's
 * currency: create-order.ts refuses any other). One aggregate statement over
 * the same index range a list page reads (order-filter.ts), so a day's
 * summary costs one pass over that day's orders, never over the store.
 * `COUNT` and `SUM` come back as bigint on PostgreSQL, hence `Number`.
 */
export async function summarizeOrders(ctx: Ctx, filter: OrderFilter): Promise<OrdersSummary> {
  const [row] = await ctx.db.$queryRaw<{ count: number | bigint; received: number | bigint | null; refunded: number | bigint | null }[]>(
    Prisma.sql`SELECT COUNT(*) AS "count", SUM("amountReceived") AS "received", SUM("amountRefunded") AS "refunded" FROM "Order" WHERE ${Prisma.join(orderFilterSql(filter), " AND ")}`,
  );
  return { count: Number(row?.count ?? 0), received: Number(row?.received ?? 0), refunded: Number(row?.refunded ?? 0) };
}
