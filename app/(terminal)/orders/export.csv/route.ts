import { csvResponse } from "@/lib/csv/csv-response";
import { exportOrdersCsv } from "@/lib/orders/export-orders-csv";
import { serverCtx } from "@/lib/server-context";
import { ownerForRoute } from "@/app/_server/owner-route";
import { orderListParams } from "../order-list-params";

export const dynamic = "force-dynamic";

/** The orders the Orders screen's filters cover, every page of them, as a CSV download (owner session, fresh PIN). */
export async function GET(request: Request): Promise<Response> {
  const owner = await ownerForRoute(request, "orders export");
  if (owner instanceof Response) return owner;
  const params = orderListParams.parse(Object.fromEntries(new URL(request.url).searchParams));
  const ctx = await serverCtx();
  const lines = await exportOrdersCsv(ctx, { storeId: owner.actor.storeId, day: params.day, status: params.status, cashier: params.cashier, terminal: params.terminal, q: params.q });
  return csvResponse(lines, `till-orders-${params.day ?? new Date().toISOString().slice(0, 10)}.csv`);
}
