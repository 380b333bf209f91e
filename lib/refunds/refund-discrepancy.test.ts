/**
 * Refunding from a discrepancy (issue 10, item 5) against a real SQLite file
 * and a real Sandbox Pay: the refund records the finding's id; when it
 * succeeds the finding is resolved `refunded` in the transaction that records
 * the success (its answer, its event or the refund sweeper's look-up), with an
 * audit event and a note; a failed refund, or one that
 * does not cover what had to go back, leaves it open.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { actorRef } from "@/lib/context";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { discrepancyRefundOffer } from "@/lib/reconciliation/discrepancy-refund-offer";
import { appErrorOf, eventually, startHarness, type Harness } from "@/test/harness";
import { lossyCtx, paidOrder, sandboxRefundsByKey, tillPaymentId } from "./refund-test-kit";
import { sweepRefunds } from "./sweep-refunds";
import { refundDiscrepancy } from "./refund-discrepancy";

let offsetMs = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date(Date.now() + offsetMs) });
});
afterEach(async () => {
  offsetMs = 0;
  await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 0, drop_rate: 0 });
});
afterAll(() => h?.close());

let keys = 0;
const newKey = () => `disc-key-${++keys}-${Date.now()}`;

/** An order paid twice: its duplicate_payment finding and the second payment's Till id. */
async function duplicate(amount: number) {
  const { orderId, payments } = await paidOrder(h, amount, 1);
  const second = await tillPaymentId(h, payments[1]!.id);
  const d = await h.ctx.db.discrepancy.findFirstOrThrow({ where: { orderId, type: "duplicate_payment" } });
  expect(d).toMatchObject({ status: "open", paymentId: second });
  return { orderId, second, d };
}

/** Every refund issued from the finding final (its event delivered), then the finding. */
const settledFinding = (discrepancyId: string) =>
  eventually(async () => {
    const refunds = await h.ctx.db.refund.findMany({ where: { discrepancyId } });
    return refunds.length > 0 && refunds.every((r) => r.status === "succeeded" || r.status === "failed") ? h.ctx.db.discrepancy.findUniqueOrThrow({ where: { id: discrepancyId } }) : null;
  });

describe("refundDiscrepancy", () => {
  it("a duplicate payment refunded whole from its finding: the refund names it, and its success resolves it refunded with an audit event", async () => {
    const { orderId, second, d } = await duplicate(2_350);
    const offer = await discrepancyRefundOffer(h.ctx, d);
    expect(offer).toEqual({ discrepancyId: d.id, paymentId: second, orderId, preset: 2_350, refundable: 2_350 });

    const { refund } = await refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: d.id, amount: offer!.preset, reason: "paid_twice", key: newKey() });
    expect(refund).toMatchObject({ paymentId: second, discrepancyId: d.id, amount: 2_350, approvedBy: actorRef(h.owner) });

    const after = await settledFinding(d.id);
    expect(await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: "succeeded" });
    expect(after).toMatchObject({ status: "resolved", resolution: "refunded", resolvedBy: actorRef(h.owner) });
    expect(after.note).toContain(refund.id);
    const audit = await h.ctx.db.auditEvent.findMany({ where: { entityType: "discrepancy", entityId: d.id, action: "discrepancy.resolved" } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.data!)).toMatchObject({ resolution: "refunded", refund: refund.id });
    // The same transaction: the resolution is stamped with the moment the refund's success was recorded.
    const succeeded = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: refund.id, action: "refund.succeeded" } });
    expect(audit[0]!.createdAt.getTime()).toBe(succeeded.createdAt.getTime());
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", amountReceived: 4_700, amountRefunded: 2_350 });

    // Nothing is left to refund from it.
    expect(await discrepancyRefundOffer(h.ctx, after)).toBeNull();
    const again = await appErrorOf(refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: d.id, amount: 1, reason: "paid_twice", key: newKey() }));
    expect(again).toMatchObject({ code: "conflict", status: 409 });
  });

  it("a refund that fails at the provider leaves the finding open, with the whole amount still to refund", async () => {
    const { d } = await duplicate(1_800);
    await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 1 });
    const { refund } = await refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: d.id, amount: 1_800, reason: "paid_twice", key: newKey() });
    const after = await settledFinding(d.id);
    expect(await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: "failed" });
    expect(after).toMatchObject({ status: "open", resolution: null, note: null });
    expect(await discrepancyRefundOffer(h.ctx, after)).toMatchObject({ preset: 1_800 });
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: d.id, action: "discrepancy.resolved" } })).toBe(0);
  });

  it("a partial refund that does not cover the excess leaves it open; the rest resolves it", async () => {
    const { d } = await duplicate(1_000);
    await refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: d.id, amount: 600, reason: "paid_twice", key: newKey() });
    let after = await settledFinding(d.id);
    expect(after).toMatchObject({ status: "open" });
    expect(await discrepancyRefundOffer(h.ctx, after)).toMatchObject({ preset: 400, refundable: 400 });

    await refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: d.id, amount: 400, reason: "paid_twice", key: newKey() });
    after = await settledFinding(d.id);
    expect(after).toMatchObject({ status: "resolved", resolution: "refunded" });
  });

  it("a payment after a cancel (late) is refunded whole from its finding and resolves it; the order, all returned, is refunded", async () => {
    const { orderId, chargeId } = await h.newOrder(900);
    await cancelOrder(h.ctx, { actor: h.cashier, orderId });
    const wire = await h.pay(chargeId, { force: true });
    await h.delivered(chargeId, 1);
    const d = await eventually(() => h.ctx.db.discrepancy.findFirst({ where: { orderId, type: "late_payment" } }));
    expect(d.paymentId).toBe(await tillPaymentId(h, wire.id));
    expect(await discrepancyRefundOffer(h.ctx, d)).toMatchObject({ preset: 900 });
    await refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: d.id, amount: 900, reason: "paid_late", key: newKey() });
    expect(await settledFinding(d.id)).toMatchObject({ status: "resolved", resolution: "refunded" });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "refunded", amountRefunded: 900 });
  });

  it("a refund whose answer and event were both lost is settled by the refund sweeper, which resolves the finding", async () => {
    const { d } = await duplicate(700);
    await h.sandboxApi("POST", "/sandbox/faults", { drop_rate: 1 });
    const { ctx, next } = lossyCtx(h.ctx);
    next.push("lose_answer");
    const { refund } = await refundDiscrepancy(ctx, { actor: h.owner, discrepancyId: d.id, amount: 700, reason: "paid_twice", key: newKey() });
    expect(refund).toMatchObject({ status: "unknown", discrepancyId: d.id });
    await eventually(async () => (await sandboxRefundsByKey(h, refund.refundKey))[0]?.status === "succeeded");
    expect(await h.ctx.db.discrepancy.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "open" });

    offsetMs += 60_000;
    await sweepRefunds(h.ctx);
    expect(await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } })).toMatchObject({ status: "succeeded" });
    expect(await h.ctx.db.discrepancy.findUniqueOrThrow({ where: { id: d.id } })).toMatchObject({ status: "resolved", resolution: "refunded", resolvedBy: actorRef(h.owner) });
  });

  it("a finding not resolved by a refund, or another store's, is refused", async () => {
    const { orderId } = await duplicate(500);
    const unrefundable = await h.ctx.db.discrepancy.create({ data: { id: "dis_01KTESTAMOUNTMISMATCH00000", storeId: h.owner.storeId, type: "amount_mismatch", dedupeKey: `test:${orderId}`, orderId, currency: "CNY" } });
    expect(await appErrorOf(refundDiscrepancy(h.ctx, { actor: h.owner, discrepancyId: unrefundable.id, amount: 1, reason: "x", key: newKey() }))).toMatchObject({ code: "conflict" });
    expect(await appErrorOf(refundDiscrepancy(h.ctx, { actor: { ...h.owner, storeId: "sto_other" }, discrepancyId: unrefundable.id, amount: 1, reason: "x", key: newKey() }))).toMatchObject({ code: "not_found" });
    expect(await appErrorOf(refundDiscrepancy(h.ctx, { actor: h.cashier, discrepancyId: unrefundable.id, amount: 1, reason: "x", key: newKey() }))).toMatchObject({ code: "conflict" });
  });
});
