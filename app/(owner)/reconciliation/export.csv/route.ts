import { problemResponse } from "@/lib/api/problem";
import { requestIdOf } from "@/lib/api/request-id";
import { csvResponse } from "@/lib/csv/csv-response";
import { AppError } from "@/lib/errors";
import { exportDayCsv } from "@/lib/reconciliation/export-day-csv";
import { serverCtx } from "@/lib/server-context";
import { isCalendarDay } from "@/lib/stores/business-day";
import { ownerForRoute } from "@/app/_server/owner-route";

export const dynamic = "force-dynamic";

/** A business day's orders, payments, refunds and discrepancies as a CSV download (owner session, fresh PIN). */
export async function GET(request: Request): Promise<Response> {
  const owner = await ownerForRoute(request, "day export");
  if (owner instanceof Response) return owner;
  const days = new URL(request.url).searchParams.getAll("day");
  const day = days[0];
  if (days.length !== 1 || day === undefined || !isCalendarDay(day)) {
    return problemResponse(new AppError("invalid_request", "day: one real day written YYYY-MM-DD", { errors: [{ path: "day", message: "not a calendar day" }] }), requestIdOf(request.headers));
  }
  const lines = await exportDayCsv(await serverCtx(), { storeId: owner.actor.storeId, day });
  return csvResponse(lines, `till-day-${day}.csv`);
}
