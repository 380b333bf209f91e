import { z } from "zod";
import type { Ctx } from "@/lib/context";
import { getReconciliationSummary, type ReconciliationSummary } from "./get-reconciliation-summary";
import { ReconciliationSummaryResponse } from "./reconciliation-schemas";

export const ChainSummaryResponse = z.object({
  date: z.string(),
  stores: z.array(z.object({ store_id: z.string(), name: z.string(), time_zone: z.string(), summary: ReconciliationSummaryResponse })),
});

/**
 * Every store's reconciliation figures for one business day, side by side:
 * each store's own day in its own time zone, each exactly the store's own
 * summary (getReconciliationSummary), oldest store first. For a chain_owner.
 */
export async function getChainSummary(ctx: Ctx, { date }: { date: string }): Promise<{ date: string; stores: { id: string; name: string; timeZone: string; summary: ReconciliationSummary }[] }> {
  const stores = await ctx.db.store.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, timeZone: true } });
  const out = [];
  for (const store of stores) out.push({ ...store, summary: await getReconciliationSummary(ctx, { storeId: store.id, date }) });
  return { date, stores: out };
}
