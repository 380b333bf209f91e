import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { recordProviderPayments } from "@/lib/payments/record-provider-payments";
import { accountOfConnection } from "@/lib/providers/account-of-connection";
import { isProviderFailure } from "@/lib/providers/types";
import { loadOrder, type OrderRecord } from "./load-order";

export type ProviderStatus = "pending" | "succeeded" | "expired" | "closed" | "not_found";

/**
 * "The customer says they paid": ask the provider now, in any status, and
 * record every payment it has that Till lacks (source "query", which opens an
 * unnotified_payment). The answer is the provider's word, not Till's guess.
 */
export async function checkOrder(ctx: Ctx, { actor, orderId }: { actor: Actor; orderId: string }): Promise<{ order: OrderRecord; providerStatus: ProviderStatus }> {
  const order = await loadOrder(ctx.db, actor.storeId, orderId);
  if (!order) throw new AppError("not_found", `No order ${orderId} in this store`);
  const account = await accountOfConnection(ctx.db, order.charge?.connectionId);
  if (!account) throw new Error(`Order ${order.id} has no provider account to ask`);
  let charge;
  try {
    charge = await ctx.provider(account).getCharge(order.providerRef);
  } catch (error) {
    if (isProviderFailure(error)) {
      throw new AppError("provider_unavailable", "The payment provider did not answer. Ask again in a moment; do not hand over the goods yet.");
    }
    throw error;
  }
  if (!charge) return { order, providerStatus: "not_found" };
  await recordProviderPayments(ctx, account, charge.payments, "query", actorRef(actor));
  await ctx.db.charge.update({ where: { orderId: order.id }, data: { lastCheckedAt: ctx.now() } });
  const after = (await loadOrder(ctx.db, actor.storeId, order.id))!;
  return { order: after, providerStatus: charge.status };
}
