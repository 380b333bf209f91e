import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { discrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { listDiscrepanciesQuery } from "@/lib/reconciliation/discrepancy-schemas";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";

export const GET = apiRoute({ role: "owner", query: listDiscrepanciesQuery }, async ({ ctx, actor, query }) => {
  const page = await listDiscrepancies(ctx, { storeId: actor.storeId, status: query.status, type: query.type, orderId: query.order_id, limit: query.limit, cursor: query.cursor });
  return { status: 200, body: { data: page.data.map(discrepancyJson), next_cursor: page.nextCursor } };
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
