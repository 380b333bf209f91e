import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { orderInclude, type OrderRecord } from "./load-order";

export type ListOrdersInput = { storeId: string; status?: string; since?: string; limit: number; cursor?: string };

/** A store's orders, newest first. The cursor is the last id seen (ids are ULIDs, so they sort by time). */
export async function listOrders(ctx: Ctx, input: ListOrdersInput): Promise<{ data: OrderRecord[]; nextCursor: string | null }> {
  const after = input.cursor ? decodeCursor(input.cursor) : undefined;
  const where: Prisma.OrderWhereInput = {
    storeId: input.storeId,
    ...(input.status ? { status: input.status } : {}),
    ...(input.since ? { createdAt: { gte: new Date(input.since) } } : {}),
    ...(after ? { id: { lt: after } } : {}),
  };
  const rows = await ctx.db.order.findMany({ where, include: orderInclude, orderBy: { id: "desc" }, take: input.limit + 1 });
  const data = rows.slice(0, input.limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > input.limit && last ? Buffer.from(last.id).toString("base64url") : null };
}

function decodeCursor(cursor: string): string {
  const id = Buffer.from(cursor, "base64url").toString("utf8");
  if (!/^ord_[0-9A-Z]{26}$/.test(id)) throw new AppError("invalid_request", "cursor is not one this API gave out", { errors: [{ path: "cursor", message: "invalid" }] });
  return id;
}
