import { Prisma } from "@/lib/generated/prisma/client";

/**
 * Which of a store's orders a list or a summary covers. Every field narrows
 * the set; each is served by an index that ends in the list's sort key
 * ("createdAt", "id"), so that a page is a range read of one index:
 * ("storeId", "createdAt", "id") for the store and a time range,
 * ("storeId", "status", …), ("storeId", "createdBy", …), ("storeId",
 * "terminalId", …) and ("storeId", "amount", …) for an equality on those, and the unique ("storeId",
 * "reference") for a reference (at most one order).
 */
export type OrderFilter = {
  storeId: string;
  status?: string;
  /** API v1's `since`: orders created at or after this RFC 3339 time. */
  since?: string;
  /** Orders created at or after this instant (a business day's start). */
  createdFrom?: Date;
  /** Orders created before this instant (the next business day's start). */
  createdBefore?: Date;
  /** Who created it, as stored: "staff:<id>" or "api_key:<id>". */
  createdBy?: string;
  /** The terminal it was made at (the session's or the API key's). */
  terminalId?: string;
  /** The order's amount, in minor units. */
  amount?: number;
  /** The people-facing reference, exactly (T1-000123). */
  reference?: string;
};

/**
 * The filter as SQL conditions, joined with AND by the caller; plain SQL with
 * quoted identifiers (SQLite and PostgreSQL alike). With several equalities
 * the planner picks one index to seek on and checks the others row by row
 * (lib/db/list-query-plans.test.ts holds it to seeking on one of them).
 */
export function orderFilterSql(filter: OrderFilter): Prisma.Sql[] {
  const where = [Prisma.sql`"storeId" = ${filter.storeId}`];
  if (filter.reference !== undefined) where.push(Prisma.sql`"reference" = ${filter.reference}`);
  if (filter.amount !== undefined) where.push(Prisma.sql`"amount" = ${filter.amount}`);
  if (filter.createdBy !== undefined) where.push(Prisma.sql`"createdBy" = ${filter.createdBy}`);
  if (filter.terminalId !== undefined) where.push(Prisma.sql`"terminalId" = ${filter.terminalId}`);
  if (filter.status !== undefined) where.push(Prisma.sql`"status" = ${filter.status}`);
  if (filter.since !== undefined) where.push(Prisma.sql`"createdAt" >= ${new Date(filter.since)}`);
  if (filter.createdFrom !== undefined && filter.createdBefore !== undefined) {
    // [from, before) as BETWEEN from AND (before − 1 ms): the same orders, as times are kept to the
    // millisecond. Written as two comparisons, the range weighs so little with SQLite (without
    // statistics) that it prefers ("storeId", "createdAt") with the day to ("storeId", "amount",
    // "createdAt") with the amount and the day, and walks the whole day checking the amount.
    where.push(Prisma.sql`"createdAt" BETWEEN ${filter.createdFrom} AND ${new Date(filter.createdBefore.getTime() - 1)}`);
  } else {
    if (filter.createdFrom !== undefined) where.push(Prisma.sql`"createdAt" >= ${filter.createdFrom}`);
    if (filter.createdBefore !== undefined) where.push(Prisma.sql`"createdAt" < ${filter.createdBefore}`);
  }
  return where;
}
