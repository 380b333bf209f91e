import type { Ctx } from "@/lib/context";
import { recordProviderPayments } from "@/lib/payments/record-provider-payments";
import { accountOfConnection } from "@/lib/providers/account-of-connection";
import { endOrder } from "./end-order";
import { logger } from "@/lib/log/logger";

const BATCH = 50;

/**
 * One pass of the sweeper: for each live order due for a look, ask the
 * provider and record what Till missed; at expiry close the charge, ask once
 * more (a payment may have raced the close) and only then mark it expired. A
 * provider that does not answer means "unknown, ask again", never "not paid".
 * `keepLease` (from the sweeper loop) is renewed before each order.
 */
export async function sweepOrders(
  ctx: Ctx,
  { keepLease }: { keepLease?: () => Promise<boolean> } = {},
): Promise<{ checked: number; expired: number; failed: number }> {
  const now = ctx.now();
  const due = await ctx.db.order.findMany({
    where: { status: { in: ["open", "partially_paid"] }, nextCheckAt: { lte: now } },
    include: { charge: true },
    orderBy: { nextCheckAt: "asc" },
    take: BATCH,
  });
  let expired = 0;
  let failed = 0;
  for (const order of due) {
    // A pass slowed by a hanging provider must not outlive its lease: renew it
    // before each order, and leave the rest to whoever holds it now.
    if (keepLease && !(await keepLease())) break;
    const account = await accountOfConnection(ctx.db, order.charge?.connectionId);
    if (!account) {
      // Nothing to ask: take it off the sweep list rather than look at it every second.
      logger.error({ orderId: order.id }, "order has no provider account to ask; it is no longer swept");
      await ctx.db.order.update({ where: { id: order.id }, data: { nextCheckAt: null } });
      continue;
    }
    const provider = ctx.provider(account);
    const ending = ctx.now().getTime() >= order.expiresAt.getTime();
    try {
      if (ending) await provider.closeCharge(order.providerRef);
      const charge = await provider.getCharge(order.providerRef);
      if (charge) await recordProviderPayments(ctx, account, charge.payments, "query");
    } catch {
      failed += 1;
      await ctx.db.order.update({ where: { id: order.id }, data: { nextCheckAt: new Date(ctx.now().getTime() + ctx.sweep.everyS * 1000) } });
      continue;
    }
    const at = ctx.now();
    if (ending) {
      if (await ctx.db.$transaction((tx) => endOrder(tx, order.id, "expired", "system", at))) {
        expired += 1;
        const after = await ctx.db.order.findUniqueOrThrow({ where: { id: order.id } });
        ctx.bus.publish({ type: "order.changed", orderId: order.id, storeId: order.storeId, status: after.status });
      }
    } else {
      const next = Math.min(at.getTime() + ctx.sweep.everyS * 1000, order.expiresAt.getTime());
      await ctx.db.order.updateMany({ where: { id: order.id, status: { in: ["open", "partially_paid"] } }, data: { nextCheckAt: new Date(next) } });
    }
  }
  return { checked: due.length, expired, failed };
}
