import type { Ctx } from "@/lib/context";

/** Someone who can create a store's orders: a staff member (at the counter) or an API key (a register, a kiosk). */
export type OrderCreator = { ref: string; kind: "staff" | "api_key"; name: string };

/**
 * Everyone who can have created a store's orders, by the `createdBy` they
 * leave on an order ("staff:<id>", "api_key:<id>"): staff members first, then
 * API keys, each by name. Former staff and revoked keys are kept, so that
 * their old orders still name them. A store has a handful of each, read by
 * their ("storeId") indexes.
 */
export async function listOrderCreators(ctx: Ctx, { storeId }: { storeId: string }): Promise<OrderCreator[]> {
  const [staff, keys] = await Promise.all([
    ctx.db.staff.findMany({ where: { storeId }, select: { id: true, name: true } }),
    ctx.db.apiKey.findMany({ where: { storeId }, select: { id: true, name: true } }),
  ]);
  const byName = (a: OrderCreator, b: OrderCreator) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.ref < b.ref ? -1 : 1);
  return [
    ...staff.map((s): OrderCreator => ({ ref: `staff:${s.id}`, kind: "staff", name: s.name })).sort(byName),
    ...keys.map((k): OrderCreator => ({ ref: `api_key:${k.id}`, kind: "api_key", name: k.name })).sort(byName),
  ];
}
