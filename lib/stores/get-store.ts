import type { Ctx } from "@/lib/context";

/** The store a staff member or key belongs to. */
export async function getStore(ctx: Ctx, storeId: string) {
  return ctx.db.store.findUniqueOrThrow({ where: { id: storeId } });
}
