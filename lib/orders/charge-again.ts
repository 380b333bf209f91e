import type { Actor, Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { createOrder, type OrderItemInput } from "./create-order";
import { loadOrder, type OrderRecord } from "./load-order";

/**
 * "New QR for this sale": an order whose QR ran out (or was cancelled) before
 * anything was paid is rung up again as a new order with the same lines and
 * amount, and its own new charge. The ended order stays as it was, so the
 * day's list shows both and a payment that still arrives on the old QR is
 * found as a late payment, never lost.
 *
 * Refused with 409 when the order is not over, or when money came in on it:
 * then the cashier's next step is the owner's (accept or refund), not a second
 * QR that would make the customer pay twice. Callers make this idempotent per
 * ended order, so that a double tap makes one new order.
 */
export async function chargeAgain(ctx: Ctx, { actor, orderId }: { actor: Actor; orderId: string }): Promise<OrderRecord> {
  const ended = await loadOrder(ctx.db, actor.storeId, orderId);
  if (!ended) throw new AppError("not_found", "No such order in this store");
  if (ended.status !== "expired" && ended.status !== "cancelled") {
    throw new AppError("conflict", `The order is ${ended.status}: only an expired or cancelled order gets a new QR`);
  }
  if (ended.amountReceived > 0) {
    throw new AppError("conflict", "Money came in on this order after it ended: the owner accepts or refunds it; a new QR would charge the customer twice");
  }
  const items = ended.items.map((item): OrderItemInput => ({
    kind: item.kind === "product" || item.kind === "amount" ? item.kind : "item",
    productId: item.productId,
    name: item.name,
    nameEn: item.nameEn,
    nameZh: item.nameZh,
    unitAmount: item.unitAmount,
    quantity: item.quantity,
  }));
  // Through the connection the ended order was charged through: the QR the cashier (and customer) picked.
  const connectionId = ended.charge?.connectionId ?? undefined;
  return createOrder(ctx, { actor, input: { ...(items.length > 0 ? { items, note: ended.note } : { amount: ended.amount, note: ended.note }), connectionId } });
}
