import type { Ctx } from "@/lib/context";
import type { OrderRecord } from "./load-order";
import { loadOrder } from "./load-order";
import { orderJsonItems } from "./order-json";

/**
 * What the customer-facing display may show of an order: what is being
 * bought and its amount, but no notes, payments or provider ids. It is reached without a session, by the order's
 * id only (a ULID with 80 random bits; references, which can be guessed, do not work).
 */
export function customerView(order: OrderRecord) {
  return {
    id: order.id,
    reference: order.reference,
    status: order.status,
    amount: order.amount,
    currency: order.currency,
    amount_received: order.amountReceived,
    expires_at: order.expiresAt.toISOString(),
    lines: orderJsonItems(order).map((item) => ({ kind: item.kind, name: item.name, names: item.names, quantity: item.quantity, amount: item.unit_amount * item.quantity })),
  };
}

export type CustomerView = ReturnType<typeof customerView>;

export async function findOrderForDisplay(ctx: Ctx, orderId: string): Promise<{ order: OrderRecord; storeName: string; timeZone: string } | null> {
  if (!/^ord_[0-9A-Z]{26}$/.test(orderId)) return null;
  const row = await ctx.db.order.findUnique({ where: { id: orderId }, select: { storeId: true, store: { select: { name: true, timeZone: true } } } });
  if (!row) return null;
  const order = await loadOrder(ctx.db, row.storeId, orderId);
  return order ? { order, storeName: row.store.name, timeZone: row.store.timeZone } : null;
}
