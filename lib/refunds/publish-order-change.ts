import type { Ctx } from "@/lib/context";

/** After a refund changed (and its transaction committed): tell the order's live screens. */
export async function publishOrderChange(ctx: Ctx, orderId: string | null): Promise<void> {
  if (!orderId) return;
  const order = await ctx.db.order.findUnique({ where: { id: orderId }, select: { storeId: true, status: true } });
  if (order) ctx.bus.publish({ type: "order.changed", orderId, storeId: order.storeId, status: order.status });
}
