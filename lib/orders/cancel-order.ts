import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordProviderPayments } from "@/lib/payments/record-provider-payments";
import { accountOfConnection } from "@/lib/providers/account-of-connection";
import { isProviderFailure } from "@/lib/providers/types";
import { endOrder } from "./end-order";
import { loadOrder, type OrderRecord } from "./load-order";
import { orderJson } from "./order-json";
import { isLive } from "./order-status";

/**
 * Cancels a live order. The charge is closed at the provider first; if the
 * provider says it was already paid, Till records those payments and refuses
 * with 409 and the order, so that the cashier hands over the goods instead.
 */
export async function cancelOrder(ctx: Ctx, { actor, orderId }: { actor: Actor; orderId: string }): Promise<OrderRecord> {
  const order = await loadOrder(ctx.db, actor.storeId, orderId);
  if (!order) throw new AppError("not_found", `No order ${orderId} in this store`);
  if (order.status === "cancelled") return order;
  if (!isLive(order.status)) {
    throw new AppError("conflict", `The order is ${order.status} and can no longer be cancelled`, { extra: { order: orderJson(order) } });
  }
  const account = await accountOfConnection(ctx.db, order.charge?.connectionId);
  if (!account) throw new Error(`Order ${order.id} has no provider account to close its charge with`);
  const provider = ctx.provider(account);
  let closed: "closed" | "succeeded" | "not_found";
  try {
    closed = await provider.closeCharge(order.providerRef);
  } catch (error) {
    if (isProviderFailure(error)) {
      throw new AppError("provider_unavailable", "The payment provider did not answer; the order is unchanged. Try again.");
    }
    throw error;
  }
  // Whatever the close said, record every payment the provider has that Till
  // lacks before ending the order. If that look fails, the order stays as it is
  // (the close is safe to repeat), so that no payment is left unrecorded.
  let charge;
  try {
    charge = await provider.getCharge(order.providerRef);
  } catch {
    throw new AppError("provider_unavailable", "The payment provider did not answer; the order is unchanged. Try again.");
  }
  if (charge) await recordProviderPayments(ctx, account, charge.payments, "query");

  if (closed !== "succeeded") {
    const at = ctx.now();
    const ended = await ctx.db.$transaction((tx) => endOrder(tx, order.id, "cancelled", actorRef(actor), at));
    const after = (await loadOrder(ctx.db, actor.storeId, order.id))!;
    if (ended) ctx.bus.publish({ type: "order.changed", orderId: order.id, storeId: order.storeId, status: after.status });
    if (after.status === "cancelled") return after;
    throw new AppError("conflict", `The order became ${after.status} before it could be cancelled`, { extra: { order: orderJson(after) } });
  }
  const after = (await loadOrder(ctx.db, actor.storeId, order.id))!;
  throw new AppError("conflict", "The customer has already paid: the order cannot be cancelled", { extra: { order: orderJson(after) } });
}
