import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { orderReferences } from "@/lib/orders/order-references";
import { businessDayOf, isCalendarDay, nextDay, previousDay } from "@/lib/stores/business-day";
import { WAITING_STATUSES } from "@/lib/refunds/refund-rules";
import { getStore } from "@/lib/stores/get-store";
import { discrepancyJson, type DiscrepancyJson } from "./discrepancy-json";
import { discrepancyRefundOffer, REFUNDED_FROM_DISCREPANCY, type DiscrepancyRefundOffer } from "./discrepancy-refund-offer";
import { RESOLUTIONS_BY_TYPE, type Resolution } from "./discrepancy-resolutions";
import { getDayChart, type DayChartHour } from "./get-day-chart";
import { getReconciliationSummary } from "./get-reconciliation-summary";
import { listDayDiscrepancies } from "./list-day-discrepancies";
import { DISCREPANCY_TYPES, type DiscrepancyType } from "./discrepancy-types";
import { summaryJson } from "./reconciliation-json";

export const DAY_PAGE_SIZE = 25;

export type DayDiscrepancy = DiscrepancyJson & {
  /** The order's reference, for the link. */
  reference: string | null;
  /** The resolutions the owner may record by hand; for the types refunded from the page, `refunded` is reached by making the refund (`refund`). */
  resolutions: Resolution[];
  refund: DiscrepancyRefundOffer | null;
  /** Σ refunds issued from this finding still waiting for the provider. */
  refunding: number;
};

export type ReconciliationDay = {
  day: string;
  today: string;
  previous: string;
  next: string | null;
  /** The tiles: the very figures of GET /api/v1/reconciliation/summary for the day. */
  summary: ReturnType<typeof summaryJson>;
  chart: DayChartHour[];
  filters: { status: "open" | "resolved" | "all"; type: DiscrepancyType | "all" };
  discrepancies: DayDiscrepancy[];
  nextCursor: string | null;
  cursor: string | null;
};

/**
 * Everything the Reconciliation page shows for one business day of a store
 * (today in its time zone unless a real day is given): the summary that API
 * v1 serves, the chart of the day, and a page of the discrepancies detected
 * that day with the actions each allows. Unknown filters fall back to their
 * defaults, and a cursor not given out by Till to the first page.
 */
export async function getReconciliationDay(ctx: Ctx, input: { storeId: string; day?: string; status?: string; type?: string; cursor?: string }): Promise<ReconciliationDay> {
  const store = await getStore(ctx, input.storeId);
  const today = businessDayOf(ctx.now(), store.timeZone);
  const day = input.day && isCalendarDay(input.day) ? input.day : today;
  const summary = await getReconciliationSummary(ctx, { storeId: store.id, date: day });
  const status = input.status === "resolved" || input.status === "all" ? input.status : "open";
  const type = DISCREPANCY_TYPES.find((t) => t === input.type) ?? "all";
  const filter = { storeId: store.id, start: summary.start, end: summary.end, status: status === "all" ? undefined : status, type: type === "all" ? undefined : type, limit: DAY_PAGE_SIZE };
  const [chart, page] = await Promise.all([
    getDayChart(ctx, { storeId: store.id, start: summary.start, end: summary.end }),
    listDayDiscrepancies(ctx, { ...filter, cursor: input.cursor }).catch((error: unknown) => {
      if (input.cursor !== undefined && isAppError(error) && error.code === "invalid_request") return listDayDiscrepancies(ctx, filter);
      throw error;
    }),
  ]);
  const [references, waiting] = await Promise.all([
    orderReferences(ctx, page.data.flatMap((d) => (d.orderId ? [d.orderId] : []))),
    ctx.db.refund.groupBy({ by: ["discrepancyId"], where: { discrepancyId: { in: page.data.map((d) => d.id) }, status: { in: [...WAITING_STATUSES] } }, _sum: { amount: true } }),
  ]);
  const refunding = new Map(waiting.map((w) => [w.discrepancyId, w._sum.amount ?? 0]));
  const discrepancies = await Promise.all(
    page.data.map(async (d) => {
      const json = discrepancyJson(d);
      return {
        ...json,
        reference: d.orderId ? (references[d.orderId] ?? null) : null,
        resolutions: d.status === "open" ? RESOLUTIONS_BY_TYPE[json.type].filter((r) => r !== "refunded" || !REFUNDED_FROM_DISCREPANCY.includes(json.type)) : [],
        refund: await discrepancyRefundOffer(ctx, d),
        refunding: refunding.get(d.id) ?? 0,
      };
    }),
  );
  return {
    day,
    today,
    previous: previousDay(day),
    next: day < today ? nextDay(day) : null,
    summary: summaryJson(summary),
    chart,
    filters: { status, type },
    discrepancies,
    nextCursor: page.nextCursor,
    cursor: input.cursor ?? null,
  };
}
