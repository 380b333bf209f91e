/**
 * The refund sweeper's back-off, on a fake clock against a real SQLite file and
 * a real Sandbox Pay: a refund whose provider keeps failing or timing out is
 * looked at after growing delays (doubling, capped), each look stored on the
 * refund, never every pass; every re-send carries the same key, and once the
 * provider answers it holds exactly one refund.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { lossyCtx, paidOrder, sandboxRefundsByKey } from "./refund-test-kit";
import { MAX_REFUND_CHECK_DELAY_S, nextRefundCheck } from "./refund-rules";
import { reserveRefund } from "./reserve-refund";
import { sweepRefunds } from "./sweep-refunds";

/** The fake clock: frozen where a test sets it, the real time otherwise (orders and charges need real expiry times). */
let frozen: Date | null = null;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => frozen ?? new Date() });
});
afterEach(async () => {
  frozen = null;
  await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 });
});
afterAll(() => h?.close());

describe("nextRefundCheck", () => {
  const at = new Date("2026-11-28T10:00:00.000Z");
  it.each([
    [0, 10, 10],
    [1, 10, 10],
    [2, 10, 20],
    [3, 10, 40],
    [8, 10, 1280],
    [9, 10, MAX_REFUND_CHECK_DELAY_S],
    [60, 10, MAX_REFUND_CHECK_DELAY_S],
    [2000, 10, MAX_REFUND_CHECK_DELAY_S],
    [4, 2, 16],
  ])("after %i looks, every %i s: the next look %i s later", (attempts, everyS, delayS) => {
    expect(nextRefundCheck(at, attempts, everyS).getTime() - at.getTime()).toBe(delayS * 1000);
  });
});

describe("sweepRefunds backs off", () => {
  it("a provider that keeps failing, then timing out, is asked after doubling delays up to the cap; back, it takes the same key once", async () => {
    const { orderId, chargeId } = await paidOrder(h, 5_000);
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { orderId } });
    const lossy = lossyCtx(h.ctx);
    // Till stopped between reserving and calling: the refund waits as `sending`, its key never sent.
    const { refund } = await reserveRefund(h.ctx, { payment, amount: 2_000, reason: "backoff", requestedBy: `api_key:${h.cashier.id}`, approvedBy: null, requestKey: `api_key:${h.cashier.id}:backoff-${Date.now()}` });
    const rowOf = () => h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
    expect(await rowOf()).toMatchObject({ status: "sending", checkAttempts: 0 });

    // The provider answers every call 503.
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 100_000 });
    const everyS = h.ctx.sweep.everyS;
    const expectedDelaysS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, MAX_REFUND_CHECK_DELAY_S, MAX_REFUND_CHECK_DELAY_S].map((d) => Math.min(d * everyS, MAX_REFUND_CHECK_DELAY_S));
    frozen = new Date(Date.now() + 60_000);
    const seenDelaysS: number[] = [];
    for (let look = 1; look <= expectedDelaysS.length; look++) {
      const pass = await sweepRefunds(lossy.ctx);
      expect(pass).toMatchObject({ checked: 1, failed: 1, resent: 0 });
      const row = await rowOf();
      expect(row).toMatchObject({ status: "unknown", checkAttempts: look });
      seenDelaysS.push((row.nextCheckAt!.getTime() - frozen.getTime()) / 1000);
      // Passes before it is due leave it alone, however many.
      frozen = new Date(row.nextCheckAt!.getTime() - 1);
      for (let i = 0; i < 3; i++) expect((await sweepRefunds(lossy.ctx)).checked).toBe(0);
      frozen = row.nextCheckAt!;
    }
    expect(seenDelaysS).toEqual(expectedDelaysS);
    // One question per look, and nothing sent while the provider could not even say whether it had the refund.
    expect(lossy.calls).toEqual({ getRefund: expectedDelaysS.length, refund: 0 });

    // The provider answers again, but the re-sends time out before reaching it: still waiting, still capped.
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 });
    lossy.next.push("lose_request", "lose_request");
    for (let i = 1; i <= 2; i++) {
      expect(await sweepRefunds(lossy.ctx)).toMatchObject({ checked: 1, failed: 1 });
      const row = await rowOf();
      expect(row.checkAttempts).toBe(expectedDelaysS.length + i);
      expect(row.nextCheckAt!.getTime() - frozen.getTime()).toBe(MAX_REFUND_CHECK_DELAY_S * 1000);
      frozen = row.nextCheckAt!;
    }
    expect(await sandboxRefundsByKey(h, refund.refundKey)).toEqual([]);

    // It goes through: sent with the key reserved at the start; the attempts start again.
    expect(await sweepRefunds(lossy.ctx)).toMatchObject({ checked: 1, resent: 1, failed: 0 });
    expect(lossy.calls.refund).toBe(3);
    const taken = await rowOf();
    expect(taken).toMatchObject({ refundKey: refund.refundKey, checkAttempts: 0 });
    expect(taken.nextCheckAt!.getTime() - frozen.getTime()).toBe(everyS * 1000);
    const held = await sandboxRefundsByKey(h, refund.refundKey);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ amount: 2_000, payment_id: payment.providerPaymentId });

    // Settled by its event; the provider made one refund for this charge, and the sweeper leaves it alone.
    await eventually(async () => (await rowOf()).status === "succeeded");
    await eventually(async () => (await h.eventsOf(chargeId)).filter((e) => e.type.startsWith("refund.")).length === 1);
    frozen = new Date(frozen.getTime() + 24 * 3_600_000);
    expect((await sweepRefunds(lossy.ctx)).checked).toBe(0);
    expect((await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).amountRefunded).toBe(2_000);
  });
});
