import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { loadOrder, type OrderRecord } from "./load-order";

/** One order of the caller's store, by id or reference; 404 otherwise. */
export async function getOrder(ctx: Ctx, { storeId, orderId }: { storeId: string; orderId: string }): Promise<OrderRecord> {
  const order = await loadOrder(ctx.db, storeId, orderId);
  if (!order) throw new AppError("not_found", `No order ${orderId} in this store`);
  return order;
}
