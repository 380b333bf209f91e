import type { Ctx } from "@/lib/context";

/** People-facing references (T1-000123) for a set of order ids. */
export async function orderReferences(ctx: Ctx, orderIds: string[]): Promise<Record<string, string>> {
  if (orderIds.length === 0) return {};
  const orders = await ctx.db.order.findMany({ where: { id: { in: [...new Set(orderIds)] } }, select: { id: true, reference: true } });
  return Object.fromEntries(orders.map((o) => [o.id, o.reference]));
}
