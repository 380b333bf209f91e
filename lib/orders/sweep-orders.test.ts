/**
 * The sweeper (sweepOrders, runSweeper): finds what notifications missed,
 * closes and expires orders at their expiry, treats a silent provider as
 * "unknown, ask again", and runs once at a time under its lease.
 *
 * Till's clock is an offset from real time (Sandbox Pay keeps the real one),
 * so that an order's expiry comes without waiting.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { orderTopic, type TillEvent } from "@/lib/events/bus";
import { runSweeper, SWEEPER_LEASE_MS } from "@/lib/orders/run-sweeper";
import { sweepOrders } from "@/lib/orders/sweep-orders";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { Charge } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "@/test/harness";

let tillOffsetMs = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date(Date.now() + tillOffsetMs) });
});
afterEach(async () => {
  await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 });
});
afterAll(() => h?.close());

// ---------------------------------------------------------------- helpers

/** Sets Till's clock to `at` plus a margin (real time keeps running from there). */
function tillClockAt(at: Date, marginMs = 1_500): void {
  tillOffsetMs = at.getTime() - Date.now() + marginMs;
}

const orderOf = (orderId: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { payments: true, charge: true } });
const auditCount = (entityId: string, action: string) => h.ctx.db.auditEvent.count({ where: { entityId, action } });

/** Nothing happened twice for this order: each payment, audit and discrepancy exists once. */
async function expectRecordedOnce(orderId: string, payments: number): Promise<void> {
  const order = await orderOf(orderId);
  expect(order.payments).toHaveLength(payments);
  expect(new Set(order.payments.map((p) => p.providerPaymentId)).size).toBe(payments);
  for (const p of order.payments) {
    expect(await auditCount(p.id, "payment.recorded")).toBe(1);
    expect(await h.ctx.db.discrepancy.count({ where: { paymentId: p.id, type: "unnotified_payment" } })).toBe(1);
  }
  const discrepancies = await h.ctx.db.discrepancy.findMany({ where: { orderId } });
  for (const d of discrepancies) expect(await auditCount(d.id, "discrepancy.opened")).toBe(1);
  expect(await auditCount(orderId, "order.expired")).toBeLessThanOrEqual(1);
}

// ------------------------------------------------------------------ tests

describe("sweepOrders", () => {
  it("finds a dropped notification for an open order once its nextCheckAt is due, not before", async () => {
    const { order, orderId, chargeId } = await h.newOrder(2350);
    const p = await h.pay(chargeId, { delivery: "drop" });
    expect(order.nextCheckAt!.getTime()).toBeGreaterThan(order.createdAt.getTime());

    tillClockAt(order.nextCheckAt!, -5_000); // before the first look is due
    await sweepOrders(h.ctx);
    expect(await orderOf(orderId)).toMatchObject({ status: "open", payments: [] });

    tillClockAt(order.nextCheckAt!); // due now, long before the expiry
    const result = await sweepOrders(h.ctx);
    expect(result.checked).toBeGreaterThanOrEqual(1);
    const after = await orderOf(orderId);
    expect(after).toMatchObject({ status: "paid", amountReceived: 2350 });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ providerPaymentId: p.id, source: "query", late: false });
    const ds = await h.ctx.db.discrepancy.findMany({ where: { orderId } });
    expect(ds.map((d) => [d.type, d.expectedAmount, d.actualAmount])).toEqual([["unnotified_payment", 2350, 2350]]);
    await expectRecordedOnce(orderId, 1);
  });

  it("an open order with nothing paid is left open and looked at again everyS later", async () => {
    const { order, orderId } = await h.newOrder(800);
    tillClockAt(order.nextCheckAt!);
    const before = h.ctx.now().getTime();
    await sweepOrders(h.ctx);
    const after = await orderOf(orderId);
    expect(after.status).toBe("open");
    expect(after.nextCheckAt!.getTime()).toBeGreaterThanOrEqual(before + h.ctx.sweep.everyS * 1000);
    expect(after.nextCheckAt!.getTime()).toBeLessThanOrEqual(h.ctx.now().getTime() + h.ctx.sweep.everyS * 1000);
  });

  it("at its expiry (clock past expires_at) closes the charge at Sandbox Pay, then expires the order", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1500, 30);
    const seen: TillEvent[] = [];
    const unsubscribe = h.ctx.bus.subscribe(orderTopic(orderId), (e) => seen.push(e));
    try {
      tillClockAt(order.expiresAt);
      const result = await sweepOrders(h.ctx);
      expect(result.expired).toBeGreaterThanOrEqual(1);
    } finally {
      unsubscribe();
    }

    const after = await orderOf(orderId);
    expect(after).toMatchObject({ status: "expired", amountReceived: 0, nextCheckAt: null });
    expect(after.endedAt).not.toBeNull();
    expect(after.charge!.status).toBe("expired");
    expect(seen).toEqual([{ type: "order.changed", orderId, storeId: order.storeId, status: "expired" }]);
    const expiredAudit = await h.ctx.db.auditEvent.findMany({ where: { entityId: orderId, action: "order.expired" } });
    expect(expiredAudit).toHaveLength(1);
    expect(expiredAudit[0]!.actor).toBe("system");
    expect(await h.ctx.db.discrepancy.count({ where: { orderId } })).toBe(0);

    // Sandbox Pay's clock has not reached the expiry: the charge is closed because Till closed it.
    const charge = await h.sandboxApi("GET", `/v1/charges/${chargeId}`);
    expect(charge.as(Charge).status).toBe("closed");
    expect((await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, {})).status).toBe(409);
  });

  it("a provider that does not answer leaves orders open and rescheduled — never expired or unpaid — until it answers again", async () => {
    // One order the customer paid in time (notification dropped), one nobody paid; both at expiry.
    const paid = await h.newOrder(1200, 30);
    const p = await h.pay(paid.chargeId, { delivery: "drop" });
    const unpaid = await h.newOrder(900, 30);
    expect((await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 100_000 })).status).toBe(200);

    tillClockAt(unpaid.order.expiresAt);
    for (let pass = 0; pass < 2; pass++) {
      const startedAt = h.ctx.now().getTime();
      const result = await sweepOrders(h.ctx);
      expect(result.failed).toBeGreaterThanOrEqual(2);
      expect(result.expired).toBe(0);
      for (const { orderId } of [paid, unpaid]) {
        const o = await orderOf(orderId);
        expect(o).toMatchObject({ status: "open", amountReceived: 0, payments: [], endedAt: null });
        expect(o.nextCheckAt!.getTime()).toBeGreaterThanOrEqual(startedAt + h.ctx.sweep.everyS * 1000);
        expect(await auditCount(orderId, "order.expired")).toBe(0);
        expect(await h.ctx.db.discrepancy.count({ where: { orderId } })).toBe(0);
      }
      tillOffsetMs += h.ctx.sweep.everyS * 1000 + 500; // the rescheduled look is due
    }

    expect((await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 })).status).toBe(200);
    await sweepOrders(h.ctx);
    const paidAfter = await orderOf(paid.orderId);
    expect(paidAfter).toMatchObject({ status: "paid", amountReceived: 1200 });
    expect(paidAfter.payments[0]).toMatchObject({ providerPaymentId: p.id, source: "query", late: false });
    expect(await orderOf(unpaid.orderId)).toMatchObject({ status: "expired", amountReceived: 0 });
    await expectRecordedOnce(paid.orderId, 1);
  });

  it("two passes at once (no lease) still record each payment once and end each order once", async () => {
    const partial = await h.newOrder(1000, 30);
    await h.pay(partial.chargeId, { amount: 300, delivery: "drop" });
    const full = await h.newOrder(700, 30);
    await h.pay(full.chargeId, { delivery: "drop" });

    tillClockAt(partial.order.expiresAt);
    await Promise.all([sweepOrders(h.ctx), sweepOrders(h.ctx), sweepOrders(h.ctx)]);

    expect(await orderOf(partial.orderId)).toMatchObject({ status: "expired", amountReceived: 300 });
    expect(await orderOf(full.orderId)).toMatchObject({ status: "paid", amountReceived: 700 });
    await expectRecordedOnce(partial.orderId, 1);
    await expectRecordedOnce(full.orderId, 1);
    expect(await auditCount(partial.orderId, "order.expired")).toBe(1);
    const underpaid = await h.ctx.db.discrepancy.findMany({ where: { orderId: partial.orderId, type: "underpaid" } });
    expect(underpaid.map((d) => [d.expectedAmount, d.actualAmount])).toEqual([[1000, 300]]);
  });
});

describe("runSweeper", () => {
  it("two loops on one database: only the lease holder sweeps, nothing is recorded twice, and the other takes over once the lease lapses", async () => {
    // The two loops share the database and the clock; each gets its own view of the provider
    // factory only to count which loop asked Sandbox Pay.
    const calls = { a: 0, b: 0 };
    const counting = (name: "a" | "b"): Ctx => ({
      ...h.ctx,
      provider: (connection) => {
        calls[name] += 1;
        return h.ctx.provider(connection);
      },
    });

    const dropped = await Promise.all([1100, 1200, 1300, 1400].map((amount) => h.newOrder(amount)));
    for (const o of dropped) await h.pay(o.chargeId, { delivery: "drop" });
    const expiring = await h.newOrder(2000, 30);
    await h.pay(expiring.chargeId, { amount: 500, delivery: "drop" });
    tillClockAt(expiring.order.expiresAt);

    const stop = { a: runSweeper(counting("a"), 20), b: runSweeper(counting("b"), 20) };
    let holder: "a" | "b" | undefined;
    try {
      await eventually(async () => {
        const orders = await Promise.all([...dropped, expiring].map((o) => orderOf(o.orderId)));
        return orders.slice(0, 4).every((o) => o.status === "paid") && orders[4]!.status === "expired";
      }, 10_000);
      // Let both loops tick many more times over the finished work.
      await new Promise((r) => setTimeout(r, 200));

      expect([calls.a, calls.b].filter((n) => n > 0)).toHaveLength(1);
      holder = calls.a > 0 ? "a" : "b";
      const leases = await h.ctx.db.jobLease.findMany();
      expect(leases).toHaveLength(1);
      expect(leases[0]!.name).toBe("sweeper");

      for (const o of dropped) await expectRecordedOnce(o.orderId, 1);
      await expectRecordedOnce(expiring.orderId, 1);
      expect(await auditCount(expiring.orderId, "order.expired")).toBe(1);
      expect(await h.ctx.db.discrepancy.count({ where: { orderId: expiring.orderId, type: "underpaid" } })).toBe(1);

      // The holder stops (without releasing); the other loop takes over once the lease has lapsed.
      stop[holder]();
      const other = holder === "a" ? "b" : "a";
      const late = await h.newOrder(1500);
      await h.pay(late.chargeId, { delivery: "drop" });
      tillOffsetMs += SWEEPER_LEASE_MS + 1_000;
      await eventually(async () => (await orderOf(late.orderId)).status === "paid", 5_000);
      expect(calls[other]).toBeGreaterThan(0);
      await expectRecordedOnce(late.orderId, 1);
    } finally {
      stop.a();
      stop.b();
      // A pass may still be in flight; let it finish before the harness closes the database.
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(
      await h.ctx.db.payment.count({ where: { accountId: SANDBOX_ACCOUNT_ID, orderId: { in: [...dropped, expiring].map((o) => o.orderId) } } }),
    ).toBe(5);
  });

  it("a pass slowed by a hanging provider keeps its lease (renewed before each order): the other loop never sweeps meanwhile", async () => {
    // Each renewal comes well inside the lease even on a loaded machine (an order takes ~500 ms of a 1,500 ms lease).
    const leaseMs = 1_500;
    const calls = { slow: 0, other: 0 };
    const slowCtx: Ctx = {
      ...h.ctx,
      provider: (account) => {
        const real = h.ctx.provider(account);
        calls.slow += 1;
        // Each call answers, but only after 250 ms: one order takes ~500 ms, the whole pass ~2.5 s — far past the lease.
        const slow = <T,>(p: () => Promise<T>) => new Promise((r) => setTimeout(r, 250)).then(p);
        return { ...real, kind: real.kind, getCharge: (ref) => slow(() => real.getCharge(ref)), closeCharge: (ref) => slow(() => real.closeCharge(ref)), verifyNotification: real.verifyNotification.bind(real), createCharge: real.createCharge.bind(real), refund: real.refund.bind(real), getRefund: real.getRefund.bind(real), fetchStatement: real.fetchStatement.bind(real) };
      },
    };
    const otherCtx: Ctx = {
      ...h.ctx,
      provider: (account) => {
        calls.other += 1;
        return h.ctx.provider(account);
      },
    };
    await h.ctx.db.jobLease.deleteMany();
    const orders = await Promise.all([1110, 1120, 1130, 1140, 1150].map((amount) => h.newOrder(amount)));
    for (const o of orders) await h.pay(o.chargeId, { delivery: "drop" });
    await h.ctx.db.order.updateMany({ where: { id: { in: orders.map((o) => o.orderId) } }, data: { nextCheckAt: new Date(0) } });

    const stopSlow = runSweeper(slowCtx, 20, leaseMs);
    await eventually(() => Promise.resolve(calls.slow > 0), 2_000);
    const stopOther = runSweeper(otherCtx, 20, leaseMs);
    try {
      await eventually(async () => (await Promise.all(orders.map((o) => orderOf(o.orderId)))).every((o) => o.status === "paid"), 10_000);
      expect(calls.other).toBe(0);
      for (const o of orders) await expectRecordedOnce(o.orderId, 1);
    } finally {
      stopSlow();
      stopOther();
      await new Promise((r) => setTimeout(r, 700));
    }
  });
});
