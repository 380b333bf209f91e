import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { discrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { resolveDiscrepancyBody } from "@/lib/reconciliation/reconciliation-schemas";
import { resolveDiscrepancy } from "@/lib/reconciliation/resolve-discrepancy";

export const POST = apiRoute({ role: "owner", body: resolveDiscrepancyBody, idempotency: "optional" }, async ({ ctx, actor, body, params }) => {
  const discrepancy = await resolveDiscrepancy(ctx, { actor, discrepancyId: params.discrepancyId!, resolution: body.resolution, note: body.note, orderId: body.order_id });
  return { status: 200, body: discrepancyJson(discrepancy) };
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
