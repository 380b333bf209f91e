import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import type { OrderRecord } from "./load-order";
import { orderFilterSql, type OrderFilter } from "./order-filter";

export type ListOrdersInput = OrderFilter & { limit: number; cursor?: string };

/** Where the next page starts: just below this order in the list's order. */
type Position = { createdAt: Date; id: string };

/**
 * A store's orders, newest first: by ("createdAt", "id"), the id breaking ties
 * between orders of the same millisecond.
 *
 * Paged by keyset, not offset: a page starts strictly below the last order of
 * the page before, so a page costs the same on the first day and at the
 * 300,000th order, and orders made while a client pages do not shift rows
 * from one page into the next. With the indexes ("storeId", "createdAt", "id"),
 * ("storeId", "status", "createdAt", "id"), ("storeId", "createdBy", "createdAt", "id")
 * and ("storeId", "amount", "createdAt", "id") every filter combination is one
 * range read of an index, already in the list's order (no sort); a reference
 * is a look-up of the unique ("storeId", "reference") (order-filter.ts).
 *
 * The page's ids are chosen with one raw statement, because the row-value
 * comparison that makes the keyset an index range has no Prisma equivalent:
 * written as `"createdAt" < ? OR ("createdAt" = ? AND "id" < ?)`, SQLite seeks
 * on "storeId" alone and walks from the newest order on every page. It is
 * plain SQL with quoted identifiers, valid on PostgreSQL too. The orders themselves are then
 * loaded by primary key with Prisma, their items, payments and refunds unsorted
 * and put in order here (see `inDisplayOrder`).
 */
export async function listOrders(ctx: Ctx, input: ListOrdersInput): Promise<{ data: OrderRecord[]; nextCursor: string | null }> {
  const after = input.cursor === undefined ? undefined : decodeCursor(input.cursor);
  const page = await ctx.db.$queryRaw<{ id: string }[]>(listOrdersSql({ ...input, after }));
  const ids = page.slice(0, input.limit).map((row) => row.id);
  const orders = ids.length === 0 ? [] : await ctx.db.order.findMany({ where: { id: { in: ids } }, include: { items: true, charge: true, payments: true, refunds: true } });
  const byId = new Map(orders.map((order) => [order.id, inDisplayOrder(order)]));
  // An order of the page cannot vanish before it is loaded: orders are never deleted.
  const data = ids.map((id) => byId.get(id)).filter((order): order is OrderRecord => order !== undefined);
  const last = data.at(-1);
  return { data, nextCursor: page.length > input.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}

/** The statement that picks a page's ids (and one more, to know whether a next page exists). */
function listOrdersSql(input: Omit<ListOrdersInput, "cursor"> & { after?: Position }): Prisma.Sql {
  const where = orderFilterSql(input);
  if (input.after) where.push(Prisma.sql`("createdAt", "id") < (${input.after.createdAt}, ${input.after.id})`);
  return Prisma.sql`SELECT "id" FROM "Order" WHERE ${Prisma.join(where, " AND ")} ORDER BY "createdAt" DESC, "id" DESC LIMIT ${input.limit + 1}`;
}

/**
 * The order of `orderInclude` (load-order.ts), applied in memory: asked of
 * SQLite for a whole page at once (`"orderId" IN (…) ORDER BY "position"`), it
 * is a sort in a temporary B-tree on the one connection; here it is a sort of a
 * few rows per order, off the connection. Ties fall back to the id, so the
 * result does not depend on the order rows come back in.
 */
function inDisplayOrder(order: OrderRecord): OrderRecord {
  const by = <T extends { id: string }>(key: (row: T) => number) => (a: T, b: T) => key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return {
    ...order,
    items: [...order.items].sort(by((item) => item.position)),
    payments: [...order.payments].sort(by((payment) => payment.paidAt.getTime())),
    refunds: [...order.refunds].sort(by((refund) => refund.createdAt.getTime())),
  };
}

/** Opaque to clients: base64url of "<createdAt ISO>|<order id>". */
function encodeCursor(position: Position): string {
  return Buffer.from(`${position.createdAt.toISOString()}|${position.id}`).toString("base64url");
}

function decodeCursor(cursor: string): Position {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(ord_[0-9A-Z]{26})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const createdAt = match ? new Date(match[1]!) : undefined;
  // The round trip rejects impossible times such as 2026-02-31, which Date would roll over.
  if (!match || !createdAt || Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== match[1]) {
    throw new AppError("invalid_request", "cursor is not one this API gave out", { errors: [{ path: "cursor", message: "invalid" }] });
  }
  return { createdAt, id: match[2]! };
}
