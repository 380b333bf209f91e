/**
 * "The customer says they paid": checkOrder asks Sandbox Pay and records what
 * Till missed (source "query" → unnotified_payment), answers the provider's
 * status, and changes nothing when the provider does not answer.
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AppError } from "@/lib/errors";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkOrder } from "@/lib/orders/check-order";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { startHarness, TEST_SANDBOX_KEY, TEST_WEBHOOK_SECRET, type Harness, appErrorOf } from "@/test/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 }).catch(() => undefined);
  await h?.close();
});

// ---------------------------------------------------------------- helpers

/** Everything about an order that a check could change. */
async function snapshot(orderId: string) {
  const db = h.ctx.db;
  const order = await db.order.findUniqueOrThrow({ where: { id: orderId }, include: { payments: true, charge: true } });
  const discrepancies = await db.discrepancy.findMany({ where: { orderId }, orderBy: { id: "asc" } });
  const paymentIds = order.payments.map((p) => p.id);
  const audits = await db.auditEvent.findMany({
    where: { OR: [{ entityId: orderId }, { entityId: { in: paymentIds } }, { entityId: { in: discrepancies.map((d) => d.id) } }] },
    orderBy: { id: "asc" },
  });
  return { order, discrepancies, audits };
}

const check = (orderId: string) => checkOrder(h.ctx, { actor: h.cashier, orderId });

const checkError = (orderId: string): Promise<AppError> => appErrorOf(check(orderId));

// ------------------------------------------------------------------ tests

describe("checkOrder", () => {
  it("on a dropped notification: records the payment with source query, records unnotified_payment already accepted by the cashier, answers succeeded", async () => {
    const { orderId, chargeId } = await h.newOrder(2350);
    const p = await h.pay(chargeId, { delivery: "drop" });
    expect((await h.eventsOf(chargeId))[0]!.state).toBe("dropped");

    const { order, providerStatus } = await check(orderId);
    expect(providerStatus).toBe("succeeded");
    expect(order).toMatchObject({ status: "paid", amountReceived: 2350 });
    expect(order.payments).toHaveLength(1);
    expect(order.payments[0]).toMatchObject({ providerPaymentId: p.id, amount: 2350, source: "query", late: false });
    expect(order.charge!.lastCheckedAt).not.toBeNull();

    const ds = await h.ctx.db.discrepancy.findMany({ where: { orderId } });
    expect(ds).toHaveLength(1);
    // pos-api.md: the check turned the order paid, so the goods were handed over on that answer.
    expect(ds[0]).toMatchObject({ type: "unnotified_payment", status: "resolved", resolution: "accepted", resolvedBy: `api_key:${h.cashier.id}`, paymentId: order.payments[0]!.id, expectedAmount: 2350, actualAmount: 2350 });
    expect(ds[0]!.resolvedAt).not.toBeNull();
    expect(await h.ctx.db.auditEvent.count({ where: { action: "discrepancy.resolved", entityId: ds[0]!.id } })).toBe(1);
    expect(await h.ctx.db.auditEvent.count({ where: { action: "discrepancy.opened", entityId: ds[0]!.id } })).toBe(1);

    // Asking again is harmless: nothing new.
    const before = await snapshot(orderId);
    const again = await check(orderId);
    expect(again.providerStatus).toBe("succeeded");
    const after = await snapshot(orderId);
    expect(after.order.payments).toEqual(before.order.payments);
    expect(after.discrepancies).toEqual(before.discrepancies);
    expect(after.audits).toEqual(before.audits);
  });

  it("a later notification of a payment already found by a check (redelivered, signed) changes nothing", async () => {
    const { orderId, chargeId } = await h.newOrder(1600);
    const p = await h.pay(chargeId, { delivery: "drop" });
    await check(orderId);
    const before = await snapshot(orderId);

    const [event] = await h.eventsOf(chargeId);
    const body = JSON.stringify(event!.payload);
    const at = new Date();
    const res = await fetch(`${h.receiverUrl}/api/webhooks/sandbox`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": event!.id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(TEST_WEBHOOK_SECRET).sign(event!.id, at, body),
      },
      body,
    });
    expect(res.status).toBe(200);

    const delivery = await h.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { accountId_eventId: { accountId: SANDBOX_ACCOUNT_ID, eventId: event!.id } } });
    expect(delivery.verified).toBe(true);
    // Stored in the inbox as what it was: a payment Till already had.
    expect(delivery.outcome).toBe("duplicate");
    const after = await snapshot(orderId);
    expect(after.order).toMatchObject({ status: "paid", amountReceived: 1600 });
    expect(after.order.payments).toEqual(before.order.payments);
    expect(after.order.payments[0]).toMatchObject({ providerPaymentId: p.id, source: "query" });
    expect(after.discrepancies).toEqual(before.discrepancies);
    expect(after.audits).toEqual(before.audits);
  });

  it("a refund event that arrived before its payment (deferred) is applied when a check finds the payment", async () => {
    const { orderId, chargeId } = await h.newOrder(1500);
    const p = await h.pay(chargeId, { delivery: "drop" });
    // A full refund made at the provider; its refund.succeeded reaches Till before anything about the payment.
    const res = await fetch(new URL("/v1/refunds", h.sandbox.url), {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SANDBOX_KEY}`, "content-type": "application/json", "idempotency-key": `portal-${orderId}` },
      body: JSON.stringify({ payment_id: p.id, amount: 1500 }),
    });
    expect(res.status).toBe(201);
    await h.delivered(chargeId, 2);
    const refundEvent = (await h.eventsOf(chargeId)).find((e) => e.type === "refund.succeeded")!;
    const deferred = await h.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { accountId_eventId: { accountId: SANDBOX_ACCOUNT_ID, eventId: refundEvent.id } } });
    expect(deferred.outcome).toBe("deferred");

    const { order } = await check(orderId);
    expect(order).toMatchObject({ status: "refunded", amountReceived: 1500, amountRefunded: 1500 });
    expect(order.payments[0]).toMatchObject({ providerPaymentId: p.id, source: "query" });
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({ status: "succeeded", amount: 1500, origin: "provider" });
    expect((await h.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { id: deferred.id } })).outcome).toBe("applied");
  });

  it("with nothing paid: answers pending and records nothing", async () => {
    const { orderId } = await h.newOrder(500);
    const { order, providerStatus } = await check(orderId);
    expect(providerStatus).toBe("pending");
    expect(order).toMatchObject({ status: "open", amountReceived: 0 });
    expect(order.payments).toEqual([]);
    expect(await h.ctx.db.discrepancy.count({ where: { orderId } })).toBe(0);
  });

  it("on a cancelled order: answers closed (checks are allowed in every status)", async () => {
    const { orderId } = await h.newOrder(700);
    await cancelOrder(h.ctx, { actor: h.cashier, orderId });
    const { order, providerStatus } = await check(orderId);
    expect(providerStatus).toBe("closed");
    expect(order.status).toBe("cancelled");
  });

  it("an order of no store is not_found", async () => {
    expect(await checkError("ord_00000000000000000000000000")).toMatchObject({ code: "not_found", status: 404 });
  });

  // pos-api.md, Discrepancy: "actual_amount [is] what it had received after the payment that opened it".
  it("a second payment found by a check opens unnotified_payment with actual = what the order had received after it", async () => {
    const { orderId, chargeId } = await h.newOrder(1000);
    await h.pay(chargeId, { amount: 400 });
    await h.delivered(chargeId, 1);
    const second = await h.pay(chargeId, { amount: 600, delivery: "drop" });
    const { order } = await check(orderId);
    expect(order).toMatchObject({ status: "paid", amountReceived: 1000 });
    const payment = order.payments.find((p) => p.providerPaymentId === second.id)!;
    const ds = await h.ctx.db.discrepancy.findMany({ where: { paymentId: payment.id } });
    expect(ds.map((d) => [d.type, d.expectedAmount, d.actualAmount])).toEqual([["unnotified_payment", 1000, 1000]]);
  });

  it("a payment found by a check that does not make the order paid leaves unnotified_payment open for the owner", async () => {
    const { orderId, chargeId } = await h.newOrder(1000);
    await h.pay(chargeId, { amount: 300, delivery: "drop" });
    const { order } = await check(orderId);
    expect(order).toMatchObject({ status: "partially_paid", amountReceived: 300 });
    const ds = await h.ctx.db.discrepancy.findMany({ where: { orderId } });
    expect(ds.map((d) => [d.type, d.status, d.resolution])).toEqual([["unnotified_payment", "open", null]]);
  });

  describe("when the provider does not answer", () => {
    it("unavailable (503s): AppError provider_unavailable and nothing changed, though a payment waits at the provider", async () => {
      const { orderId, chargeId } = await h.newOrder(1250);
      await h.pay(chargeId, { delivery: "drop" });
      const before = await snapshot(orderId);
      expect((await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 1 })).status).toBe(200);

      expect(await checkError(orderId)).toMatchObject({ code: "provider_unavailable", status: 503 });
      const after = await snapshot(orderId);
      expect(after).toEqual(before);
      expect(after.order).toMatchObject({ status: "open", amountReceived: 0 });
      expect(after.order.charge!.lastCheckedAt).toBeNull();

      // Once it answers again, the check finds the payment.
      const { order, providerStatus } = await check(orderId);
      expect(providerStatus).toBe("succeeded");
      expect(order).toMatchObject({ status: "paid", amountReceived: 1250 });
    });

    // Last in this file: it stops the harness's Sandbox Pay.
    it("unreachable (Sandbox Pay stopped): AppError provider_unavailable and nothing changed", async () => {
      const { orderId, chargeId } = await h.newOrder(990);
      await h.pay(chargeId, { delivery: "drop" });
      const before = await snapshot(orderId);
      await h.sandbox.close();

      expect(await checkError(orderId)).toMatchObject({ code: "provider_unavailable", status: 503 });
      expect(await snapshot(orderId)).toEqual(before);
    });
  });
});
