import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { Discrepancy, Prisma } from "@/lib/generated/prisma/client";

export type ListDiscrepanciesInput = { storeId: string; status?: string; type?: string; orderId?: string; limit: number; cursor?: string };

/**
 * A store's discrepancies, newest first: by id (a ULID, so by time of
 * detection). Keyset-paged: the cursor is the last id seen, and a page is the
 * next ids below it. Every filter combination is a range read of an index that
 * ends in "id" — ("storeId", "id"), ("storeId", "status", "id"),
 * ("storeId", "type", "id") or ("orderId", "id") — so no page sorts the store
 * (lib/db/list-query-plans.test.ts holds SQLite to that).
 */
export async function listDiscrepancies(ctx: Ctx, input: ListDiscrepanciesInput): Promise<{ data: Discrepancy[]; nextCursor: string | null }> {
  let before: string | undefined;
  if (input.cursor) {
    before = Buffer.from(input.cursor, "base64url").toString("utf8");
    if (!/^dis_[0-9A-Z]{26}$/.test(before)) {
      throw new AppError("invalid_request", "cursor is not one this API gave out", { errors: [{ path: "cursor", message: "invalid" }] });
    }
  }
  const where: Prisma.DiscrepancyWhereInput = {
    storeId: input.storeId,
    ...(input.status ? { status: input.status } : {}),
    ...(input.type ? { type: input.type } : {}),
    ...(input.orderId ? { orderId: input.orderId } : {}),
    ...(before ? { id: { lt: before } } : {}),
  };
  const rows = await ctx.db.discrepancy.findMany({ where, orderBy: { id: "desc" }, take: input.limit + 1 });
  const data = rows.slice(0, input.limit);
  const last = data.at(-1);
  return { data, nextCursor: rows.length > input.limit && last ? Buffer.from(last.id).toString("base64url") : null };
}
