/**
 * cancelOrder against a real Sandbox Pay: the charge is closed first; a
 * customer who already paid wins (409 with the order, payment recorded); a
 * cancelled order is returned as it is; a silent provider changes nothing.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type AppError } from "@/lib/errors";
import { orderTopic, type TillEvent } from "@/lib/events/bus";
import { cancelOrder } from "@/lib/orders/cancel-order";
import type { OrderJson } from "@/lib/orders/order-json";
import { Charge, Faults } from "@/sandbox/test-schemas";
import { startHarness, type Harness, appErrorOf } from "@/test/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 });
});
afterAll(() => h?.close());

// ---------------------------------------------------------------- helpers

const cancel = (orderId: string) => cancelOrder(h.ctx, { actor: h.cashier, orderId });

const cancelError = (orderId: string): Promise<AppError> => appErrorOf(cancel(orderId));

const orderOf = (orderId: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { payments: true, charge: true } });
const sandboxCharge = async (chargeId: string) => (await h.sandboxApi("GET", `/v1/charges/${chargeId}`)).as(Charge);

// ------------------------------------------------------------------ tests

describe("cancelOrder", () => {
  it("an open order becomes cancelled and its charge is closed at Sandbox Pay", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1800);
    const seen: TillEvent[] = [];
    const unsubscribe = h.ctx.bus.subscribe(orderTopic(orderId), (e) => seen.push(e));
    const cancelled = await cancel(orderId).finally(unsubscribe);

    expect(cancelled).toMatchObject({ id: orderId, status: "cancelled", amountReceived: 0 });
    expect(cancelled.cancelledAt).not.toBeNull();
    expect(cancelled.endedAt).not.toBeNull();
    expect(cancelled.charge!.status).toBe("closed");
    expect(seen).toEqual([{ type: "order.changed", orderId, storeId: order.storeId, status: "cancelled" }]);
    const audits = await h.ctx.db.auditEvent.findMany({ where: { entityId: orderId, action: "order.cancelled" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.actor).toBe(`api_key:${h.cashier.id}`);
    expect(await h.ctx.db.discrepancy.count({ where: { orderId } })).toBe(0);

    expect((await sandboxCharge(chargeId)).status).toBe("closed");
    const attempt = await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, {});
    expect(attempt.status).toBe(409);
  });

  it("cancelling a cancelled order returns it unchanged, without asking the provider", async () => {
    const { orderId } = await h.newOrder(900);
    const first = await cancel(orderId);
    const auditsBefore = await h.ctx.db.auditEvent.count({ where: { entityId: orderId } });

    // Were the provider asked, this one 503 would be taken (and the call would fail).
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 1 });
    const second = await cancel(orderId);
    expect(second).toEqual(first);
    expect((await h.sandboxApi("GET", "/sandbox/faults")).as(Faults).unavailable_next_calls).toBe(1);
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: orderId } })).toBe(auditsBefore);
  });

  it("an order the customer already paid (notification dropped) is not cancelled: conflict with the order shown paid and the payment recorded (source query)", async () => {
    const { orderId, chargeId } = await h.newOrder(2350);
    const p = await h.pay(chargeId, { delivery: "drop" });

    const error = await cancelError(orderId);
    expect(error).toMatchObject({ code: "conflict", status: 409 });
    const shown = error.extra!.order as OrderJson;
    expect(shown).toMatchObject({ id: orderId, status: "paid", amount_received: 2350, cancelled_at: null });
    expect(shown.payments).toHaveLength(1);
    expect(shown.payments[0]).toMatchObject({ provider_payment_id: p.id, amount: 2350, source: "query" });

    const stored = await orderOf(orderId);
    expect(stored).toMatchObject({ status: "paid", amountReceived: 2350, cancelledAt: null });
    expect(stored.payments).toHaveLength(1);
    expect(stored.payments[0]).toMatchObject({ providerPaymentId: p.id, source: "query", late: false });
    const ds = await h.ctx.db.discrepancy.findMany({ where: { orderId } });
    expect(ds.map((d) => d.type)).toEqual(["unnotified_payment"]);
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: orderId, action: "order.cancelled" } })).toBe(0);
    expect((await sandboxCharge(chargeId)).status).toBe("succeeded");
  });

  it("a partially paid order whose payment notification was dropped: the cancel records the payment and opens underpaid", async () => {
    const { orderId, chargeId } = await h.newOrder(1000);
    const p = await h.pay(chargeId, { amount: 350, delivery: "drop" });

    const cancelled = await cancel(orderId);
    expect(cancelled).toMatchObject({ status: "cancelled", amountReceived: 350 });
    expect(cancelled.payments).toHaveLength(1);
    expect(cancelled.payments[0]).toMatchObject({ providerPaymentId: p.id, source: "query", late: false });
    const ds = await h.ctx.db.discrepancy.findMany({ where: { orderId }, orderBy: { type: "asc" } });
    expect(ds.map((d) => [d.type, d.expectedAmount, d.actualAmount])).toEqual([
      ["underpaid", 1000, 350],
      ["unnotified_payment", 1000, 350],
    ]);
    expect((await sandboxCharge(chargeId)).status).toBe("closed");
  });

  it("a paid order cannot be cancelled: conflict with the order, nothing changed", async () => {
    const { orderId, chargeId } = await h.newOrder(1250);
    await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    const before = await orderOf(orderId);
    expect(before.status).toBe("paid");

    const error = await cancelError(orderId);
    expect(error).toMatchObject({ code: "conflict", status: 409 });
    expect((error.extra!.order as OrderJson).status).toBe("paid");
    expect(await orderOf(orderId)).toEqual(before);
  });

  it("a provider that does not answer: provider_unavailable, the order unchanged and its QR still payable", async () => {
    const { orderId, chargeId } = await h.newOrder(1600);
    const before = await orderOf(orderId);
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 1 });

    expect(await cancelError(orderId)).toMatchObject({ code: "provider_unavailable", status: 503 });
    expect(await orderOf(orderId)).toEqual(before);
    expect((await sandboxCharge(chargeId)).status).toBe("pending");
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: orderId, action: "order.cancelled" } })).toBe(0);
  });

  it("a payment forced onto the charge after the cancel is late: the order stays cancelled and late_payment opens", async () => {
    const { orderId, chargeId } = await h.newOrder(1175);
    await cancel(orderId);
    await h.pay(chargeId, { force: true });
    await h.delivered(chargeId, 1);

    const after = await orderOf(orderId);
    expect(after).toMatchObject({ status: "cancelled", amountReceived: 1175 });
    expect(after.payments[0]).toMatchObject({ late: true, source: "notification" });
    const ds = await h.ctx.db.discrepancy.findMany({ where: { orderId } });
    expect(ds.map((d) => [d.type, d.expectedAmount, d.actualAmount])).toEqual([["late_payment", 1175, 1175]]);
    expect(await h.ctx.db.auditEvent.count({ where: { action: "discrepancy.opened", entityId: ds[0]!.id } })).toBe(1);
  });
});
