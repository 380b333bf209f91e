/**
 * The day close (Z-report): its figures, the store's day boundary, the
 * acknowledgement of open findings, a report that stays frozen when a late
 * payment arrives (the payment is booked on the next open day, and the closed
 * report says so), and a close that happens once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { newId } from "@/lib/ids";
import { closeDay } from "./close-day";
import { getDayClose } from "./get-day-close";
import { feeOf, line, reconciliationHelpers, statement } from "./statement-test-support";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
const { importText, paidOrder, refundRow } = reconciliationHelpers(() => h);

const report = async (day: string) => getDayClose(h.ctx, { storeId: h.owner.storeId, day });
const close = (day: string, acknowledged: string[] = []) => closeDay(h.ctx, { actor: h.owner, day, acknowledged });
/** Moves an order onto a chosen instant, as if the cashier had made it then. */
const createdOn = (orderId: string, at: string) => h.ctx.db.order.update({ where: { id: orderId }, data: { createdAt: new Date(at) } });
const openFinding = (type: string, at: string) =>
  h.ctx.db.discrepancy.create({ data: { id: newId("dis"), storeId: h.owner.storeId, type, dedupeKey: `test:${newId("dis")}`, currency: "CNY", detectedAt: new Date(at) } });

describe("closeDay", () => {
  it("reports the day's orders by status, payments by source, refunds, fees and net, on the Shanghai day (23:59:59 UTC is the next day)", async () => {
    // 2026-04-10 in Shanghai is [2026-04-09T16:00Z, 2026-04-10T16:00Z).
    const notified = await paidOrder(2350, "2026-04-10T15:59:59Z");
    const asked = await paidOrder(1000, "2026-04-09T16:00:00Z", { source: "query" });
    const nextMorning = await paidOrder(777, "2026-04-10T23:59:59Z");
    const { orderId: unpaid } = await h.newOrder(500);
    await h.ctx.db.order.update({ where: { id: unpaid }, data: { status: "expired" } });
    for (const [id, at] of [[notified.orderId, "2026-04-10T15:00:00Z"], [asked.orderId, "2026-04-09T16:00:00Z"], [unpaid, "2026-04-10T10:00:00Z"], [nextMorning.orderId, "2026-04-10T23:00:00Z"]] as const) await createdOn(id, at);
    await refundRow({ orderId: notified.orderId, paymentId: notified.paymentId! }, 350, "2026-04-10T15:30:00Z");
    await importText(statement("2026-04-10", [line(notified.movement)]));

    const live = await report("2026-04-10");
    expect(live.state).toBe("open");
    expect(await close("2026-04-10")).toMatchObject({ repeated: false });
    const closed = await report("2026-04-10");
    expect(closed.state).toBe("closed");
    expect(closed.report).toEqual(live.report);
    expect(closed.report).toMatchObject({
      day: "2026-04-10",
      timeZone: "Asia/Shanghai",
      currency: "CNY",
      start: "2026-04-09T16:00:00.000Z",
      end: "2026-04-10T16:00:00.000Z",
      orders: { byStatus: { paid: { count: 2, amount: 3350 }, expired: { count: 1, amount: 500 } }, total: { count: 3, amount: 3850 }, expected: 3350 },
      payments: {
        bySource: { notification: { count: 1, amount: 2350 }, query: { count: 1, amount: 1000 } },
        total: { count: 2, amount: 3350 },
        late: { count: 0, amount: 0 },
        settled: { count: 1, amount: 2350 },
        fees: feeOf(2350),
        settledNet: 2350 - feeOf(2350),
      },
      refunds: { count: 1, amount: 350 },
      net: 2350 - feeOf(2350) - 350,
      carriedIn: { orders: 0, payments: { count: 0, amount: 0 }, refunds: { count: 0, amount: 0 } },
    });
    expect(closed.closedBy).toBe((await h.ctx.db.apiKey.findUniqueOrThrow({ where: { id: h.owner.id } })).name);
    expect(closed.closedAt).not.toBeNull();
    // The payment at 23:59:59 UTC is on the 11th in Shanghai, which is still open.
    const eleventh = await report("2026-04-11");
    expect(eleventh.report.payments.total).toEqual({ count: 1, amount: 777 });
    expect(eleventh.report.carriedIn.payments).toEqual({ count: 0, amount: 0 });
  });

  it("needs each type of discrepancy still open for the day acknowledged, and re-checks it on the server", async () => {
    await paidOrder(1200, "2026-05-05T03:00:00Z");
    await openFinding("overpaid", "2026-05-05T04:00:00Z");
    await openFinding("late_payment", "2026-05-05T05:00:00Z");
    await openFinding("underpaid", "2026-05-06T05:00:00Z"); // the 6th in Shanghai: not this day's

    const refused = await appErrorOf(close("2026-05-05", ["overpaid"]));
    expect(refused.status).toBe(422);
    expect(refused.extra).toEqual({ missing: ["late_payment"] });
    expect(refused.errors?.map((e) => e.path)).toEqual(["acknowledged.late_payment"]);
    // Nothing of the refused close is left: the day is open and its rows are not taken in.
    expect((await report("2026-05-05")).state).toBe("open");
    expect(await h.ctx.db.payment.count({ where: { closeDay: "2026-05-05" } })).toBe(0);

    await close("2026-05-05", ["overpaid", "late_payment"]);
    const closed = await report("2026-05-05");
    expect(closed.state).toBe("closed");
    expect(closed.report.openDiscrepancies).toEqual({ overpaid: 1, late_payment: 1 });
    expect(closed.acknowledged.sort()).toEqual(["late_payment", "overpaid"]);
    expect(closed.report.payments.total).toEqual({ count: 1, amount: 1200 });
  });

  it("keeps a closed day's figures when a payment of that day arrives later; the payment is booked on the next open day, and the closed report says so", async () => {
    await paidOrder(3000, "2026-06-10T02:00:00Z");
    await close("2026-06-10");
    const before = await report("2026-06-10");

    const late = await paidOrder(4100, "2026-06-10T03:00:00Z");
    const lateRefund = await refundRow({ orderId: late.orderId, paymentId: late.paymentId! }, 100, "2026-06-10T04:00:00Z");
    const after = await report("2026-06-10");
    expect(after.report).toEqual(before.report);
    expect(after.report.payments.total).toEqual({ count: 1, amount: 3000 });
    expect(after.bookedElsewhere).toEqual([{ day: "2026-06-11", closed: false, orders: 0, payments: { count: 1, amount: 4100 }, refunds: { count: 1, amount: 100 } }]);

    // The next open day books it, carried in from the closed day.
    const next = await report("2026-06-11");
    expect(next.report.payments.total).toEqual({ count: 1, amount: 4100 });
    expect(next.report.carriedIn).toEqual({ orders: 0, payments: { count: 1, amount: 4100 }, refunds: { count: 1, amount: 100 } });
    await close("2026-06-11");
    expect((await report("2026-06-11")).report.carriedIn.payments).toEqual({ count: 1, amount: 4100 });
    expect((await report("2026-06-10")).bookedElsewhere).toEqual([{ day: "2026-06-11", closed: true, orders: 0, payments: { count: 1, amount: 4100 }, refunds: { count: 1, amount: 100 } }]);
    expect(await h.ctx.db.refund.findUniqueOrThrow({ where: { id: lateRefund.id }, select: { closeDay: true } })).toEqual({ closeDay: "2026-06-11" });

    // One more, after both were closed: it goes past them to the 12th.
    await paidOrder(50, "2026-06-10T05:00:00Z");
    expect((await report("2026-06-10")).bookedElsewhere.map((b) => [b.day, b.closed, b.payments.count])).toEqual([["2026-06-11", true, 1], ["2026-06-12", false, 1]]);
    expect((await report("2026-06-12")).report.carriedIn.payments).toEqual({ count: 1, amount: 50 });
  });

  it("closes a day once: a second close answers the same close, and the database refuses to change a closed day", async () => {
    await paidOrder(900, "2026-07-01T01:00:00Z");
    const first = await close("2026-07-01");
    const second = await close("2026-07-01");
    expect(second).toEqual({ id: first.id, repeated: true });
    expect(await h.ctx.db.dayClose.count({ where: { storeId: h.owner.storeId, day: "2026-07-01" } })).toBe(1);
    expect(await h.ctx.db.auditEvent.count({ where: { action: "day.closed", entityId: first.id } })).toBe(1);
    await expect(h.ctx.db.$executeRaw`UPDATE "DayClose" SET "report" = '{}' WHERE "id" = ${first.id}`).rejects.toThrow(/closed day is final/);
    await expect(h.ctx.db.$executeRawUnsafe(`UPDATE "Payment" SET "closeDay" = '2026-07-02' WHERE "closeDay" = '2026-07-01'`)).rejects.toThrow(/closed day is final/);
  });

  it("two closes of one day at once make one close: the other answers it as repeated", async () => {
    await paidOrder(700, "2026-07-05T01:00:00Z");
    const [a, b] = await Promise.all([close("2026-07-05"), close("2026-07-05")]);
    expect(a.id).toBe(b.id);
    expect([a.repeated, b.repeated].sort()).toEqual([false, true]);
    expect(await h.ctx.db.dayClose.count({ where: { storeId: h.owner.storeId, day: "2026-07-05" } })).toBe(1);
  });

  it("refuses a day that has not begun or is not a day", async () => {
    expect((await appErrorOf(close("2099-01-01"))).status).toBe(422);
    expect((await appErrorOf(close("2026-02-30"))).errors).toEqual([{ path: "day", message: "not a calendar day" }]);
  });
});
