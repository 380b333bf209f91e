import type { Ctx } from "@/lib/context";

/**
 * How many discrepancies of each type a store has in a status (open by
 * default): the counts above the owner's list. One grouped read of the
 * ("storeId", "status", "id") index, without touching the table's rows beyond it.
 */
export async function countDiscrepancies(ctx: Ctx, { storeId, status }: { storeId: string; status?: string }): Promise<Record<string, number>> {
  const groups = await ctx.db.discrepancy.groupBy({ by: ["type"], where: { storeId, ...(status ? { status } : {}) }, _count: { _all: true } });
  return Object.fromEntries(groups.map((g) => [g.type, g._count._all]));
}
