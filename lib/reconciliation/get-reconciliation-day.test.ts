/**
 * The Reconciliation page's data for a business day, against a real SQLite
 * file and a real Sandbox Pay: its tiles are the summary API's figures, the
 * chart counts the day's payments per hour and marks the hour of a mismatch,
 * and each finding carries the actions its type allows and what a refund from
 * it would return.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidOrder, tillPaymentId } from "@/lib/refunds/refund-test-kit";
import { businessDayOf, businessDayRange } from "@/lib/stores/business-day";
import { startHarness, type Harness } from "@/test/harness";
import { getReconciliationDay } from "./get-reconciliation-day";
import { getReconciliationSummary } from "./get-reconciliation-summary";
import { summaryJson } from "./reconciliation-json";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const timeZone = () => h.ctx.db.store.findUniqueOrThrow({ where: { id: h.owner.storeId } }).then((s) => s.timeZone);

describe("getReconciliationDay", () => {
  it("today's tiles are the summary API's figures; the chart counts the day's payments per hour and marks the duplicate's hour; the finding offers its refund", async () => {
    const { orderId, payments } = await paidOrder(h, 2_350, 1);
    const zone = await timeZone();
    const today = businessDayOf(new Date(), zone);
    const view = await getReconciliationDay(h.ctx, { storeId: h.owner.storeId });
    expect(view).toMatchObject({ day: today, today, next: null, filters: { status: "open", type: "all" } });
    expect(view.summary).toEqual(summaryJson(await getReconciliationSummary(h.ctx, { storeId: h.owner.storeId, date: today })));
    expect(view.summary.received).toBeGreaterThanOrEqual(4_700);

    const { start, end } = businessDayRange(today, zone);
    expect(view.chart).toHaveLength(Math.round((end.getTime() - start.getTime()) / 3_600_000));
    const dayPayments = await h.ctx.db.payment.count({ where: { storeId: h.owner.storeId, paidAt: { gte: start, lt: end } } });
    expect(view.chart.reduce((sum, hour) => sum + hour.payments, 0)).toBe(dayPayments);
    expect(view.chart.reduce((sum, hour) => sum + hour.amount, 0)).toBe(view.summary.received);
    const second = await h.ctx.db.payment.findUniqueOrThrow({ where: { id: await tillPaymentId(h, payments[1]!.id) } });
    const hourOf = Math.floor((second.paidAt.getTime() - start.getTime()) / 3_600_000);
    expect(view.chart[hourOf]!.mismatches).toBeGreaterThanOrEqual(1);

    const finding = view.discrepancies.find((d) => d.order_id === orderId && d.type === "duplicate_payment");
    expect(finding).toMatchObject({ status: "open", payment_id: second.id, resolutions: ["accepted"], refunding: 0, refund: { paymentId: second.id, preset: 2_350, refundable: 2_350 } });
    expect(finding!.reference).toMatch(/^T\d+-\d{6}$/);
  });

  it("a day that is not a calendar day is today; unknown filters are their defaults; a foreign cursor is the first page; an earlier day can go forward", async () => {
    const view = await getReconciliationDay(h.ctx, { storeId: h.owner.storeId, day: "2026-02-31", status: "nope", type: "nope", cursor: "bm90IG91cnM" });
    expect(view.day).toBe(view.today);
    expect(view.filters).toEqual({ status: "open", type: "all" });
    expect(view.cursor).toBe("bm90IG91cnM");
    const earlier = await getReconciliationDay(h.ctx, { storeId: h.owner.storeId, day: view.previous, status: "all", type: "overpaid" });
    expect(earlier).toMatchObject({ day: view.previous, next: view.today, filters: { status: "all", type: "overpaid" }, discrepancies: [] });
    expect(earlier.chart.every((hour) => hour.payments === 0)).toBe(true);
  });
});
