/**
 * Refunds against a real SQLite file and a real Sandbox Pay: reserved before
 * the provider is called and sent once; concurrent requests never refund more
 * than was received; one key makes one refund; a certain refusal gives the
 * amount back; a lost answer or a crash is settled by the sweeper asking by
 * the same key; approval above the threshold by an owner's PIN.
 */
import { z } from "zod";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { sweepRefunds } from "@/lib/refunds/sweep-refunds";
import { appErrorOf, eventually, startHarness, type Harness } from "@/test/harness";
import { refundPayment } from "./refund-payment";
import { lossyCtx, paidOrder, sandboxRefundsByKey, tillPaymentId } from "./refund-test-kit";
import { requestRefund } from "./request-refund";
import { reserveRefund } from "./reserve-refund";

let offsetMs = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date(Date.now() + offsetMs) });
});
afterEach(async () => {
  offsetMs = 0;
  await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0, fail_next_refunds: 0 });
  await h.ctx.db.staff.updateMany({ data: { failedPinCount: 0, lockedUntil: null } });
});
afterAll(() => h?.close());

let keys = 0;
const newKey = () => `test-key-${++keys}-${Date.now()}`;

const refundsOf = (orderId: string) => h.ctx.db.refund.findMany({ where: { orderId }, orderBy: { createdAt: "asc" } });
const orderOf = (orderId: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
/** Every refund of the order final (events delivered), then the order. */
const settled = (orderId: string) =>
  eventually(async () => ((await refundsOf(orderId)).every((r) => r.status === "succeeded" || r.status === "failed") ? orderOf(orderId) : null));

/** Runs the sweeper as if `seconds` had passed. */
async function sweepLater(ctx: Ctx = h.ctx, seconds = 60) {
  offsetMs += seconds * 1000;
  return sweepRefunds(ctx);
}

describe("requestRefund", () => {
  it("a partial refund is stored before the call, sent once, pending, then succeeded by its event; the rest makes the order refunded", async () => {
    const { orderId, payments } = await paidOrder(h, 10_000);
    const key = newKey();
    const { refund, created } = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 3_000, reason: "damaged", key });
    expect(created).toBe(true);
    expect(refund).toMatchObject({ amount: 3_000, reason: "damaged", requestedBy: `api_key:${h.cashier.id}`, approvedBy: null, origin: "till" });
    expect(["pending", "succeeded"]).toContain(refund.status);
    expect(refund.providerRefundId).toMatch(/^re_/);
    const atProvider = await sandboxRefundsByKey(h, refund.refundKey);
    expect(atProvider).toMatchObject([{ id: refund.providerRefundId, payment_id: payments[0]!.id, amount: 3_000 }]);

    let order = await settled(orderId);
    expect(order).toMatchObject({ status: "paid", amountReceived: 10_000, amountRefunded: 3_000, amountRefunding: 0 });

    await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 7_000, reason: "changed mind", key: newKey() });
    order = await settled(orderId);
    expect(order).toMatchObject({ status: "refunded", amountRefunded: 10_000 });
    const actions = (await h.ctx.db.auditEvent.findMany({ where: { entityId: refund.id } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["refund.requested", "refund.pending", "refund.succeeded"]));
    expect(actions.filter((a) => a === "refund.succeeded")).toHaveLength(1);

    // Nothing is left: one more fen is too much.
    const error = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1, reason: "x", key: newKey() }));
    expect(error).toMatchObject({ code: "amount_exceeds_refundable", status: 422 });
  });

  it("20 concurrent requests for 60 % of one payment: exactly one is accepted, the others are amount_exceeds_refundable", async () => {
    const { orderId } = await paidOrder(h, 10_000);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => requestRefund(h.ctx, { actor: h.owner, orderId, amount: 6_000, reason: "race", key: newKey() })),
    );
    const accepted = results.filter((r) => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(accepted).toHaveLength(1);
    expect(refused).toHaveLength(19);
    for (const r of refused) expect(isAppError(r.reason) && r.reason.code).toBe("amount_exceeds_refundable");
    const rows = await refundsOf(orderId);
    expect(rows).toHaveLength(1);
    const order = await settled(orderId);
    expect(order.amountRefunded).toBe(6_000);
  });

  it("10 concurrent requests with one key make one refund, and all of them answer it", async () => {
    const { orderId } = await paidOrder(h, 5_000);
    const key = newKey();
    const results = await Promise.all(Array.from({ length: 10 }, () => requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1_500, reason: "double tap", key })));
    expect(new Set(results.map((r) => r.refund.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const rows = await refundsOf(orderId);
    expect(rows).toHaveLength(1);
    expect(await sandboxRefundsByKey(h, rows[0]!.refundKey)).toHaveLength(1);
    // The same key for another refund is a conflict, not a second refund.
    const other = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1_600, reason: "double tap", key }));
    expect(other).toMatchObject({ code: "conflict", status: 409 });
    expect(await refundsOf(orderId)).toHaveLength(1);
  });

  it("a crash between reserving and calling: the sweeper sends the same key once and the provider holds one refund", async () => {
    const { orderId, payments } = await paidOrder(h, 8_000);
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: payments[0]!.id } });
    // Reserve as requestRefund does, then "die" before the provider call.
    const { refund } = await reserveRefund(h.ctx, { payment, amount: 2_500, reason: "crash", requestedBy: `api_key:${h.cashier.id}`, approvedBy: null, requestKey: `api_key:${h.cashier.id}:crash-${Date.now()}` });
    expect(refund.status).toBe("sending");
    expect(await sandboxRefundsByKey(h, refund.refundKey)).toEqual([]);
    expect((await orderOf(orderId)).amountRefunding).toBe(2_500);

    // Not yet due: nothing is sent.
    expect((await sweepRefunds(h.ctx)).checked).toBe(0);
    // Two passes at once (as if two processes had raced the lease): the key still makes one refund.
    offsetMs += 60_000;
    const passes = await Promise.all([sweepRefunds(h.ctx), sweepRefunds(h.ctx)]);
    expect(passes.map((p) => p.resent).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
    const held = await sandboxRefundsByKey(h, refund.refundKey);
    expect(held).toHaveLength(1);
    expect(held[0]).toMatchObject({ amount: 2_500, payment_id: payments[0]!.id });
    const order = await settled(orderId);
    expect(order).toMatchObject({ amountRefunded: 2_500, amountRefunding: 0 });
    const row = await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
    expect(row).toMatchObject({ status: "succeeded", providerRefundId: held[0]!.id });
    // Later passes leave it alone.
    expect((await sweepLater()).checked).toBe(0);
    expect(await sandboxRefundsByKey(h, refund.refundKey)).toHaveLength(1);
  });

  it("a time-out after the provider made the refund: the refund waits (pending), and the sweeper finds it by its key without sending a second", async () => {
    const { orderId } = await paidOrder(h, 6_000);
    const lossy = lossyCtx(h.ctx);
    lossy.next.push("lose_answer");
    const { refund } = await requestRefund(lossy.ctx, { actor: h.cashier, orderId, amount: 6_000, reason: "timeout", key: newKey() });
    expect(refund).toMatchObject({ status: "unknown", providerRefundId: null });
    // Still not refundable while unknown.
    const again = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1, reason: "x", key: newKey() }));
    expect(again.code).toBe("amount_exceeds_refundable");

    // The refund settles at the provider; its event is recorded against the same row (matched by key).
    const order = await settled(orderId);
    expect(order).toMatchObject({ status: "refunded", amountRefunded: 6_000 });
    const atProvider = await sandboxRefundsByKey(h, refund.refundKey);
    expect(atProvider).toHaveLength(1);
    await sweepLater(lossy.ctx);
    expect(await sandboxRefundsByKey(h, refund.refundKey)).toHaveLength(1);
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(1);
  });

  it("a time-out before the request reached the provider: the sweeper re-sends it with the same key, once", async () => {
    const { orderId } = await paidOrder(h, 4_000);
    const lossy = lossyCtx(h.ctx);
    lossy.next.push("lose_request");
    const { refund } = await requestRefund(lossy.ctx, { actor: h.cashier, orderId, amount: 1_000, reason: "lost", key: newKey() });
    expect(refund.status).toBe("unknown");
    expect(await sandboxRefundsByKey(h, refund.refundKey)).toEqual([]);
    const pass = await sweepLater(lossy.ctx);
    expect(pass.resent).toBe(1);
    expect(await sandboxRefundsByKey(h, refund.refundKey)).toHaveLength(1);
    expect((await settled(orderId)).amountRefunded).toBe(1_000);
  });

  it("a provider that is unavailable: 503 provider_unavailable, the reservation released, and the same key may try again", async () => {
    const { orderId } = await paidOrder(h, 3_000);
    const key = newKey();
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 1 });
    const error = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 3_000, reason: "down", key }));
    expect(error).toMatchObject({ code: "provider_unavailable", status: 503 });
    const [released] = await refundsOf(orderId);
    expect(released).toMatchObject({ status: "failed", providerRefundId: null, requestKey: null, failureReason: "provider_unavailable" });
    expect(await sandboxRefundsByKey(h, released!.refundKey)).toEqual([]);
    expect((await orderOf(orderId)).amountRefunding).toBe(0);

    const retry = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 3_000, reason: "down", key });
    expect(retry.created).toBe(true);
    expect(retry.refund.refundKey).not.toBe(released!.refundKey);
    expect((await settled(orderId)).status).toBe("refunded");
  });

  it("a refund the provider fails gives its amount back", async () => {
    const { orderId } = await paidOrder(h, 2_000);
    await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 1 });
    await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 2_000, reason: "fails", key: newKey() });
    const order = await settled(orderId);
    expect(order).toMatchObject({ status: "paid", amountRefunded: 0, amountRefunding: 0 });
    const { refund } = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 2_000, reason: "again", key: newKey() });
    expect(refund.amount).toBe(2_000);
    expect((await settled(orderId)).status).toBe("refunded");
  });

  it("is refused while the order is open (409), and needs payment_id when the order has several payments", async () => {
    const { orderId } = await h.newOrder(1_000);
    expect(await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 100, reason: "x", key: newKey() }))).toMatchObject({ code: "conflict", status: 409 });

    const twice = await paidOrder(h, 1_000, 1);
    const missing = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId: twice.orderId, amount: 100, reason: "x", key: newKey() }));
    expect(missing).toMatchObject({ code: "invalid_request", status: 422, errors: [{ path: "payment_id" }] });
    const second = await tillPaymentId(h, twice.payments[1]!.id);
    const { refund } = await requestRefund(h.ctx, { actor: h.cashier, orderId: twice.orderId, paymentId: second, amount: 1_000, reason: "duplicate", key: newKey() });
    expect(refund.paymentId).toBe(second);
    // Each payment's own refundable: the second one is used up, the first is whole.
    expect((await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId: twice.orderId, paymentId: second, amount: 1, reason: "x", key: newKey() }))).code).toBe("amount_exceeds_refundable");
    const order = await settled(twice.orderId);
    expect(order).toMatchObject({ status: "paid", amountReceived: 2_000, amountRefunded: 1_000 });
  });

  it("a payment takes at most 50 refunds (refund_limit_reached); a released reservation does not count", async () => {
    const { orderId } = await paidOrder(h, 100);
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 1 });
    await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1, reason: "down", key: newKey() }));
    for (let i = 0; i < 50; i++) await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1, reason: "one fen", key: newKey() });
    const error = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1, reason: "one more", key: newKey() }));
    expect(error).toMatchObject({ code: "refund_limit_reached", status: 422 });
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(51);
  });
});

describe("approval above the threshold", () => {
  const ownerPin = () => h.env.TILL_SEED_OWNER_PIN;

  it("a cashier needs an owner's PIN once the order's refunded-or-pending total would pass the threshold, so splitting does not dodge it", async () => {
    const { orderId } = await paidOrder(h, 40_000);
    const first = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 15_000, reason: "part 1", key: newKey() });
    expect(first.refund.approvedBy).toBeNull();
    const second = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 6_000, reason: "part 2", key: newKey() }));
    expect(second).toMatchObject({ code: "approval_required", status: 403 });
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(1);

    const wrong = await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 6_000, reason: "part 2", key: newKey(), approverPin: "0000" }));
    expect(wrong).toMatchObject({ code: "approval_required", status: 403, extra: { tries_left: 4 } });
    const owner = await h.ctx.db.staff.findFirstOrThrow({ where: { role: "owner" } });
    expect(owner.failedPinCount).toBe(1);
    // A cashier's own PIN does not approve either.
    expect((await appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 6_000, reason: "part 2", key: newKey(), approverPin: h.env.TILL_SEED_CASHIER_PIN }))).code).toBe("approval_required");

    const approved = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 6_000, reason: "part 2", key: newKey(), approverPin: ownerPin() });
    expect(approved.refund).toMatchObject({ approvedBy: `staff:${owner.id}`, requestedBy: `api_key:${h.cashier.id}` });
    expect((await h.ctx.db.staff.findUniqueOrThrow({ where: { id: owner.id } })).failedPinCount).toBe(0);
    const audit = await h.ctx.db.auditEvent.findMany({ where: { entityId: approved.refund.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actor])).toEqual(expect.arrayContaining([["refund.requested", `api_key:${h.cashier.id}`], ["refund.approved", `staff:${owner.id}`]]));
  });

  it("an owner key approves itself", async () => {
    const { orderId } = await paidOrder(h, 50_000);
    const { refund } = await requestRefund(h.ctx, { actor: h.owner, orderId, amount: 50_000, reason: "all", key: newKey() });
    expect(refund.approvedBy).toBe(`api_key:${h.owner.id}`);
  });

  it("five wrong PINs lock the owner (429), and then even the right PIN waits", async () => {
    const { orderId } = await paidOrder(h, 30_000);
    const attempt = (pin: string) => appErrorOf(requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 25_000, reason: "big", key: newKey(), approverPin: pin }));
    for (let i = 0; i < 4; i++) expect((await attempt("9999")).code).toBe("approval_required");
    expect((await attempt("9999")).code).toBe("approval_required");
    const locked = await attempt(ownerPin());
    expect(locked).toMatchObject({ code: "rate_limited", status: 429 });
    expect(await h.ctx.db.auditEvent.count({ where: { action: "staff.locked" } })).toBeGreaterThanOrEqual(1);
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(0);
  });
});

describe("refundPayment", () => {
  it("an owner refunds an unknown_order payment by its id; a cashier may not", async () => {
    // A charge Till never made (no order names its merchant_ref): its payment lands as unknown_order.
    const charge = await h.sandboxApi("POST", "/v1/charges", {
      merchant_ref: `UNKNOWN${Date.now()}`, amount: 1_200, currency: "CNY", expires_at: new Date(Date.now() + 600_000).toISOString(), notify_url: `${h.receiverUrl}/api/webhooks/sandbox`,
    });
    expect(charge.status).toBe(201);
    const chargeId = z.object({ id: z.string() }).parse(charge.json).id;
    const paid = await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    const paymentId = await tillPaymentId(h, paid.id);
    expect(await h.ctx.db.discrepancy.count({ where: { paymentId, type: "unknown_order" } })).toBe(1);

    expect((await appErrorOf(refundPayment(h.ctx, { actor: h.cashier, paymentId, amount: 1_200, reason: "not ours", key: newKey() }))).code).toBe("forbidden");
    const { refund } = await refundPayment(h.ctx, { actor: h.owner, paymentId, amount: 1_200, reason: "not ours", key: newKey() });
    expect(refund).toMatchObject({ orderId: null, paymentId, approvedBy: `api_key:${h.owner.id}` });
    await eventually(async () => (await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status === "succeeded");
    expect((await appErrorOf(refundPayment(h.ctx, { actor: h.owner, paymentId: "pay_NOPE", amount: 1, reason: "x", key: newKey() }))).code).toBe("not_found");
  });
});
