/**
 * The summary of a store's business day: the store's own time zone decides
 * the day (a shop in Asia/Shanghai closes at 16:00 UTC), statements decide
 * what is settled and the fees.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { businessDay } from "./business-day";
import { getReconciliationSummary } from "./get-reconciliation-summary";
import { line, reconciliationHelpers, statement } from "./statement-test-support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
const { importText, paidOrder, refundRow } = reconciliationHelpers(() => h);

describe("businessDay", () => {
  it.each([
    ["2026-11-22", "Asia/Shanghai", "2026-11-21T16:00:00.000Z", "2026-11-22T16:00:00.000Z"],
    ["2026-11-22", "UTC", "2026-11-22T00:00:00.000Z", "2026-11-23T00:00:00.000Z"],
    // A day of 23 hours: clocks in Berlin go forward on 2026-03-29.
    ["2026-03-29", "Europe/Berlin", "2026-03-28T23:00:00.000Z", "2026-03-29T22:00:00.000Z"],
    ["2026-11-01", "America/Sao_Paulo", "2026-11-01T03:00:00.000Z", "2026-11-02T03:00:00.000Z"],
  ])("%s in %s is [%s, %s)", (day, zone, start, end) => {
    expect(businessDay(day, zone)).toEqual({ start: new Date(start), end: new Date(end) });
  });

  it("a day that does not exist is null", () => {
    expect(businessDay("2026-02-30", "Asia/Shanghai")).toBeNull();
  });
});

describe("getReconciliationSummary", () => {
  it("a payment at 23:59:59 UTC belongs to the next Shanghai business day; settled, fees and net follow the statement", async () => {
    const storeId = h.owner.storeId;
    // 2026-03-10T23:59:59Z is 2026-03-11 07:59:59 in Shanghai; 15:59:59Z on the 10th is still the 10th there.
    const night = await paidOrder(2350, "2026-03-10T23:59:59Z");
    const afternoon = await paidOrder(1000, "2026-03-10T15:59:59Z");
    const evening = await paidOrder(500, "2026-03-10T16:00:00Z");
    const unsettled = await paidOrder(400, "2026-03-10T20:00:00Z");
    await refundRow({ orderId: evening.orderId, paymentId: evening.paymentId! }, 200, "2026-03-10T21:00:00Z");
    await importText(statement("2026-03-10", [line(afternoon.movement), line(evening.movement), line(night.movement), line({ ...evening.movement, type: "REFUND", refundId: (await h.ctx.db.refund.findFirstOrThrow({ where: { paymentId: evening.paymentId! } })).providerRefundId!, amount: 200, time: "2026-03-10T21:00:00Z" })]));

    const march11 = await getReconciliationSummary(h.ctx, { storeId, date: "2026-03-11" });
    expect(march11).toMatchObject({
      date: "2026-03-11",
      currency: "CNY",
      received: 2350 + 500 + 400,
      settled: 2350 + 500,
      refunded: 200,
      fees: 14 + 3,
      net: 2350 - 14 + 500 - 3 - 200,
    });
    expect(march11.openDiscrepancies).toEqual({});
    const march10 = await getReconciliationSummary(h.ctx, { storeId, date: "2026-03-10" });
    expect(march10).toMatchObject({ received: 1000, settled: 1000, fees: 6, refunded: 0, net: 994 });
    expect(unsettled.paymentId).not.toBeNull();
    // The orders were made today; only today's business day expects their amounts.
    expect(march10.expected).toBe(0);
  });

  it("expected counts today's orders except those that ended with nothing received; open discrepancies are today's, by type", async () => {
    const storeId = h.owner.storeId;
    const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date());
    const before = await getReconciliationSummary(h.ctx, { storeId, date: today });
    const { orderId: open } = await h.newOrder(1100);
    const { orderId: ended } = await h.newOrder(9900);
    await h.ctx.db.order.update({ where: { id: ended }, data: { status: "expired" } });
    await h.ctx.db.discrepancy.create({ data: { id: "dis_01TESTSUMMARY0000000000000", storeId, type: "overpaid", dedupeKey: "test:summary", currency: "CNY", orderId: open, detectedAt: new Date() } });
    const after = await getReconciliationSummary(h.ctx, { storeId, date: today });
    expect(after.expected - before.expected).toBe(1100);
    expect((after.openDiscrepancies.overpaid ?? 0) - (before.openDiscrepancies.overpaid ?? 0)).toBe(1);
  });
});
