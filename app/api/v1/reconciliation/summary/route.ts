import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { getReconciliationSummary } from "@/lib/reconciliation/get-reconciliation-summary";
import { summaryJson } from "@/lib/reconciliation/reconciliation-json";
import { summaryQuery } from "@/lib/reconciliation/reconciliation-schemas";

export const GET = apiRoute({ role: "owner", query: summaryQuery }, async ({ ctx, actor, query }) => {
  const summary = await getReconciliationSummary(ctx, { storeId: actor.storeId, date: query.date });
  return { status: 200, body: summaryJson(summary) };
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
