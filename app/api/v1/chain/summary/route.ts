import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { getChainSummary } from "@/lib/reconciliation/get-chain-summary";
import { summaryJson } from "@/lib/reconciliation/reconciliation-json";
import { summaryQuery } from "@/lib/reconciliation/reconciliation-schemas";

/** Every store's figures for a business day (chain_owner keys only; 403 for others). */
export const GET = apiRoute({ role: "chain_owner", query: summaryQuery }, async ({ ctx, query }) => {
  const chain = await getChainSummary(ctx, { date: query.date });
  return { status: 200, body: { date: chain.date, stores: chain.stores.map((s) => ({ store_id: s.id, name: s.name, time_zone: s.timeZone, summary: summaryJson(s.summary) })) } };
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
