/**
 * Property-based: random sequences of refund requests (several payments per
 * order, concurrent duplicates of a request, reused keys), provider faults
 * (unavailable, lost answers, lost requests, refunds that fail), sweeper
 * passes, and refund events delivered duplicated, late and out of order (the
 * sandbox's own delivery faults, plus re-deliveries in reverse order). After
 * every step, read in one transaction: per payment Σ(pending + succeeded) ≤
 * received; the order's refunded/refunding totals are its rows' sums and its
 * status is what its amounts say. At the end, once everything settled, every
 * refund the provider made is recorded exactly once, with the provider's
 * status, and every released reservation is unknown to the provider.
 */
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { eventually, startHarness, TEST_WEBHOOK_SECRET, type Harness } from "@/test/harness";
import { lossyCtx, paidOrder, sandboxRefundsByKey, tillPaymentId, type RefundCallFault } from "./refund-test-kit";
import { HOLDING_STATUSES, WAITING_STATUSES } from "./refund-rules";
import { requestRefund } from "./request-refund";
import { sweepRefunds } from "./sweep-refunds";
import { readSnapshot } from "@/lib/db/read-snapshot";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Deliveries duplicated and delayed at random: refund events arrive twice and out of order.
  await h.sandboxApi("POST", "/sandbox/faults", { duplicate_rate: 0.3, max_delay_ms: 40 });
});
afterAll(() => h?.close());

type Fault = "none" | "unavailable" | "fail_later" | Exclude<RefundCallFault, "none">;
type Step =
  | { kind: "refund"; payment: number; share: number; key: number; copies: number; fault: Fault }
  | { kind: "sweep" }
  | { kind: "redeliver" };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("refund" as const),
      payment: fc.nat(2),
      share: fc.double({ min: 0.05, max: 1.1, noNaN: true }),
      key: fc.nat(4),
      copies: fc.integer({ min: 1, max: 3 }),
      fault: fc.constantFrom<Fault>("none", "none", "unavailable", "fail_later", "lose_answer", "lose_request"),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "sweep" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "redeliver" as const }) },
);

/** The codes a refused request may carry here; anything else (a 500) fails the property. */
const EXPECTED_REFUSALS = new Set(["amount_exceeds_refundable", "provider_unavailable", "conflict", "invalid_request"]);

let sweeps = 0;
/** The sweeper with a clock far enough ahead that every waiting refund is due. */
const sweepNow = (ctx: Ctx) => {
  sweeps += 1;
  return sweepRefunds({ ...ctx, now: () => new Date(Date.now() + 3_600_000 + sweeps * 60_000) });
};

async function checkInvariants(orderId: string): Promise<void> {
  const { order, payments, refunds } = await readSnapshot(h.ctx.db, async (tx) => ({
    order: await tx.order.findUniqueOrThrow({ where: { id: orderId } }),
    payments: await tx.payment.findMany({ where: { orderId } }),
    refunds: await tx.refund.findMany({ where: { orderId } }),
  }));
  const sum = (rows: { amount: number }[]) => rows.reduce((s, r) => s + r.amount, 0);
  for (const p of payments) {
    const held = sum(refunds.filter((r) => r.paymentId === p.id && (HOLDING_STATUSES as readonly string[]).includes(r.status)));
    expect(held, `payment ${p.id}: pending + succeeded ≤ received`).toBeLessThanOrEqual(p.amount);
  }
  const received = sum(payments);
  const refunded = sum(refunds.filter((r) => r.status === "succeeded"));
  expect(order.amountReceived).toBe(received);
  expect(order.amountRefunded).toBe(refunded);
  expect(order.amountRefunding).toBe(sum(refunds.filter((r) => (WAITING_STATUSES as readonly string[]).includes(r.status))));
  expect(order.status).toBe(refunded >= received && received > 0 ? "refunded" : "paid");
  const providerIds = refunds.map((r) => r.providerRefundId).filter((id): id is string => id !== null);
  expect(new Set(providerIds).size, "each provider refund recorded once").toBe(providerIds.length);
}

type RefundEvent = { id: string; type: string; payload: unknown };

async function refundEventsOf(chargeId: string): Promise<RefundEvent[]> {
  const res = await h.sandboxApi("GET", `/sandbox/events?charge_id=${chargeId}`);
  return (res.json as { data: RefundEvent[] }).data.filter((e) => e.type.startsWith("refund."));
}

/** Delivers every refund event of the charge again, newest first, signed afresh. */
async function redeliverReversed(chargeId: string): Promise<void> {
  const events = (await refundEventsOf(chargeId)).reverse();
  for (const e of events) {
    const body = JSON.stringify(e.payload);
    const at = new Date();
    const headers = new Headers({ "webhook-id": e.id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(TEST_WEBHOOK_SECRET).sign(e.id, at, body) });
    const answer = await receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers });
    expect(answer.status).toBe(200);
  }
}

async function runStep(s: Step, world: { orderId: string; chargeId: string; paymentIds: string[]; amounts: number[]; lossy: ReturnType<typeof lossyCtx>; run: number }) {
  if (s.kind === "sweep") {
    await sweepNow(world.lossy.ctx);
    return;
  }
  if (s.kind === "redeliver") {
    await redeliverReversed(world.chargeId);
    return;
  }
  const index = s.payment % world.paymentIds.length;
  const amount = Math.max(1, Math.round(world.amounts[index]! * s.share));
  if (s.fault === "unavailable") await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 1 });
  if (s.fault === "fail_later") await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 1 });
  if (s.fault === "lose_answer" || s.fault === "lose_request") world.lossy.next.push(s.fault);
  const request = () =>
    requestRefund(world.lossy.ctx, {
      actor: h.owner,
      orderId: world.orderId,
      paymentId: world.paymentIds[index],
      amount,
      reason: "property",
      key: `prop-${world.run}-${s.key}`,
    });
  const results = await Promise.allSettled(Array.from({ length: s.copies }, request));
  for (const r of results) {
    if (r.status === "rejected") {
      expect(isAppError(r.reason) ? r.reason.code : String(r.reason)).toSatisfy((code: string) => EXPECTED_REFUSALS.has(code));
    }
  }
  const created = results.filter((r) => r.status === "fulfilled" && r.value.created);
  expect(created.length, "one key makes at most one refund per step").toBeLessThanOrEqual(1);
  // Faults not consumed by this step do not leak into the next.
  world.lossy.next.length = 0;
  await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0, fail_next_refunds: 0 });
}

/** Sweeps and waits until no refund of the order is waiting, then checks Till against the provider. */
async function settleAndCompare(orderId: string, chargeId: string, ctx: Ctx): Promise<void> {
  await eventually(async () => {
    await sweepNow(ctx);
    return (await h.ctx.db.refund.count({ where: { orderId, status: { in: [...WAITING_STATUSES] } } })) === 0;
  }, 15_000, 100);
  await checkInvariants(orderId);
  const refunds = await h.ctx.db.refund.findMany({ where: { orderId } });
  for (const r of refunds) {
    const atProvider = await sandboxRefundsByKey(h, r.refundKey);
    if (r.status === "failed" && r.providerRefundId === null) {
      expect(atProvider, `released ${r.id} never reached the provider`).toEqual([]);
    } else {
      expect(atProvider).toHaveLength(1);
      expect(atProvider[0]).toMatchObject({ id: r.providerRefundId, amount: r.amount, status: r.status });
    }
  }
  // Every refund the provider made for this charge (each announced by its events) is one of Till's rows.
  await eventually(async () => {
    const announced = new Set((await refundEventsOf(chargeId)).map((e) => (e.payload as { data: { refund: { id: string } } }).data.refund.id));
    const recorded = new Set(refunds.map((r) => r.providerRefundId).filter((id) => id !== null));
    return announced.size === recorded.size && [...announced].every((id) => recorded.has(id));
  }, 10_000, 100);
}

describe("refund invariants (fast-check)", () => {
  it("hold after every step of random refunds, faults, sweeps and re-delivered events", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 500, max: 20_000 }), fc.nat(2), fc.array(step, { minLength: 1, maxLength: 8 }), async (amount, extra, steps) => {
        run += 1;
        const { orderId, chargeId, payments } = await paidOrder(h, amount, extra);
        const paymentIds = await Promise.all(payments.map((p) => tillPaymentId(h, p.id)));
        const world = { orderId, chargeId, paymentIds, amounts: payments.map((p) => p.amount), lossy: lossyCtx(h.ctx), run: Date.now() * 100 + run };
        for (const s of steps) {
          await runStep(s, world);
          await checkInvariants(orderId);
        }
        await settleAndCompare(orderId, chargeId, world.lossy.ctx);
      }),
      { numRuns: 25, endOnFailure: true },
    );
  }, 120_000);
});
