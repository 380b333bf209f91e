import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";

export const orderInclude = {
  items: { orderBy: { position: "asc" } },
  charge: true,
  payments: { orderBy: { paidAt: "asc" } },
  refunds: { orderBy: { createdAt: "asc" } },
} satisfies Prisma.OrderInclude;

export type OrderRecord = Prisma.OrderGetPayload<{ include: typeof orderInclude }>;

/** An order of a store by its id or its people-facing reference (T1-000123); null when the store has none. */
export async function loadOrder(db: Db | Tx, storeId: string, idOrReference: string): Promise<OrderRecord | null> {
  const where: Prisma.OrderWhereUniqueInput = idOrReference.startsWith("ord_")
    ? { id: idOrReference, storeId }
    : { storeId_reference: { storeId, reference: idOrReference } };
  const order = await db.order.findUnique({ where, include: orderInclude });
  return order && order.storeId === storeId ? order : null;
}
