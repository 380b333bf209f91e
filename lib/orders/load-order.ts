import { bulkSql, type Db } from "@/lib/db/client";
import { decodeRow } from "@/lib/db/decode-row";
import type { Charge, Order, OrderItem, Payment, Prisma, Refund } from "@/lib/generated/prisma/client";

export const orderInclude = {
  items: { orderBy: { position: "asc" } },
  charge: true,
  payments: { orderBy: { paidAt: "asc" } },
  refunds: { orderBy: { createdAt: "asc" } },
} satisfies Prisma.OrderInclude;

export type OrderRecord = Prisma.OrderGetPayload<{ include: typeof orderInclude }>;

type Row = Record<string, unknown>;

/**
 * An order of a store by its id or its people-facing reference (T1-000123),
 * with its items, charge, payments and refunds; null when the store has none.
 *
 * The hottest read in Till (every order screen, every live update, every
 * `GET /api/v1/orders/{id}`), so it is five hand-written SELECTs on the bulk
 * path's raw connection, decoded as Prisma would return them
 * (lib/db/decode-row.ts): Prisma's client spends ~1 ms on the same five
 * statements, the raw connection ~0.1 ms (scripts/bench/prisma-cost.ts).
 * `orderInclude` stays the type's definition and what load-order.test.ts
 * compares this with. Outside any transaction, in turn with every other
 * statement on SQLite's one connection.
 */
export async function loadOrder(db: Db, storeId: string, idOrReference: string): Promise<OrderRecord | null> {
  const byId = idOrReference.startsWith("ord_");
  return bulkSql(db).read(async (sql) => {
    const [row] = await sql.all<Row>(`SELECT * FROM "Order" WHERE "storeId" = ? AND ${byId ? `"id"` : `"reference"`} = ?`, [storeId, idOrReference]);
    if (!row) return null;
    const id = row.id as string;
    const [items, charges, payments, refunds] = [
      await sql.all<Row>(`SELECT * FROM "OrderItem" WHERE "orderId" = ? ORDER BY "position", "id"`, [id]),
      await sql.all<Row>(`SELECT * FROM "Charge" WHERE "orderId" = ?`, [id]),
      await sql.all<Row>(`SELECT * FROM "Payment" WHERE "orderId" = ? ORDER BY "paidAt", "id"`, [id]),
      await sql.all<Row>(`SELECT * FROM "Refund" WHERE "orderId" = ? ORDER BY "createdAt", "id"`, [id]),
    ];
    return {
      ...decodeRow<Order>(db, "Order", row),
      items: items.map((r) => decodeRow<OrderItem>(db, "OrderItem", r)),
      charge: charges[0] ? decodeRow<Charge>(db, "Charge", charges[0]) : null,
      payments: payments.map((r) => decodeRow<Payment>(db, "Payment", r)),
      refunds: refunds.map((r) => decodeRow<Refund>(db, "Refund", r)),
    };
  });
}
