/**
 * Two stores sharing one provider account (a chain with one merchant id):
 * a provider payment, refund or event is unique per account, and lands on the
 * store whose order's charge it concerns — however Till learns of it
 * (notification, check, sweeper) and through whichever store's connection.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/context";
import { newId } from "@/lib/ids";
import { checkOrder } from "@/lib/orders/check-order";
import { createOrder } from "@/lib/orders/create-order";
import { sweepOrders } from "@/lib/orders/sweep-orders";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { startHarness, TEST_WEBHOOK_SECRET, type Harness, type WirePayment } from "@/test/harness";

let h: Harness;
let storeB: string;
let cashierB: Actor;

beforeAll(async () => {
  h = await startHarness();
  // Store B is created after the demo store, so a receiver that picked "the first
  // connection whose secret verifies" would file B's events under store A.
  storeB = newId("sto");
  const terminalId = newId("trm");
  await h.ctx.db.store.create({ data: { id: storeB, name: "Branch B", currency: "CNY" } });
  await h.ctx.db.terminal.create({ data: { id: terminalId, storeId: storeB, code: "B1", name: "Counter B1" } });
  await h.ctx.db.providerConnection.create({ data: { id: newId("pc"), storeId: storeB, accountId: SANDBOX_ACCOUNT_ID, name: "Sandbox Pay (shared)", isDefault: true } });
  cashierB = { kind: "api_key", id: "key_branch_b", storeId: storeB, terminalId, role: "cashier" };
});
afterAll(() => h?.close());

const newOrderB = async (amount: number) => {
  const order = await createOrder(h.ctx, { actor: cashierB, input: { amount } });
  return { orderId: order.id, chargeId: order.charge!.providerChargeId!, providerRef: order.providerRef };
};

const orderOf = (id: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id }, include: { payments: true, refunds: true } });

function signed(id: string, body: string, secret = TEST_WEBHOOK_SECRET): Record<string, string> {
  const at = new Date();
  return { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": new Webhook(secret).sign(id, at, body) };
}

const post = (body: string, headers: Record<string, string>) => fetch(`${h.receiverUrl}/api/webhooks/sandbox`, { method: "POST", headers, body });

describe("two stores on one provider account", () => {
  it("a notification, then a check and a sweep through store B's connection, count the payment once, on store B", async () => {
    const { orderId, chargeId } = await newOrderB(2350);
    const p = await h.pay(chargeId);
    await h.delivered(chargeId, 1);

    await checkOrder(h.ctx, { actor: cashierB, orderId });
    await h.ctx.db.order.update({ where: { id: orderId }, data: { nextCheckAt: new Date(0) } });
    await sweepOrders(h.ctx);

    const order = await orderOf(orderId);
    expect(order).toMatchObject({ storeId: storeB, status: "paid", amountReceived: 2350 });
    expect(order.payments).toHaveLength(1);
    expect(order.payments[0]).toMatchObject({ providerPaymentId: p.id, storeId: storeB, accountId: SANDBOX_ACCOUNT_ID, source: "notification" });
    expect(await h.ctx.db.payment.count({ where: { providerPaymentId: p.id } })).toBe(1);
    expect(await h.ctx.db.discrepancy.count({ where: { orderId } })).toBe(0);
    const delivery = await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { paymentRef: p.id } });
    expect(delivery).toMatchObject({ accountId: SANDBOX_ACCOUNT_ID, outcome: "applied" });
  });

  it("a refund event deferred before its payment applies once store B's check records the payment", async () => {
    const { orderId, chargeId } = await newOrderB(1800);
    const p = await h.pay(chargeId, { delivery: "drop" });
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const eventId = `evt_test_${randomBytes(8).toString("hex")}`;
    const refund = { id: `re_test_${randomBytes(6).toString("hex")}`, payment_id: p.id, merchant_refund_ref: `rf_portal_${randomBytes(6).toString("hex")}`, amount: 800, currency: "CNY", status: "succeeded", failure_reason: null, reason: "portal", created_at: now, settled_at: now };
    const body = JSON.stringify({ id: eventId, type: "refund.succeeded", created_at: now, data: { refund, payment_id: p.id, charge_id: chargeId, merchant_ref: p.merchant_ref } });
    expect((await post(body, signed(eventId, body))).status).toBe(200);
    expect(await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { eventId } })).toMatchObject({ outcome: "deferred", accountId: SANDBOX_ACCOUNT_ID });

    await checkOrder(h.ctx, { actor: cashierB, orderId });

    const order = await orderOf(orderId);
    expect(order).toMatchObject({ status: "paid", amountReceived: 1800, amountRefunded: 800 });
    expect(order.refunds).toHaveLength(1);
    expect(order.refunds[0]).toMatchObject({ providerRefundId: refund.id, storeId: storeB, status: "succeeded" });
    expect(await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { eventId } })).toMatchObject({ outcome: "applied" });
  });

  it("a payment announced by another account, naming store B's order, never touches that order: unknown_order on that account's store", async () => {
    const otherSecret = `whsec_${randomBytes(24).toString("base64")}`;
    const otherAccount = newId("pc").replace(/^pc_/, "pa_");
    await h.ctx.db.providerAccount.create({ data: { id: otherAccount, storeId: h.cashier.storeId, kind: "sandbox", name: "Another merchant", baseUrl: h.sandbox.url, apiKey: "sk_other", webhookSecret: otherSecret } });
    try {
      const { orderId, chargeId, providerRef } = await newOrderB(990);
      const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
      const payment: WirePayment = { id: `pay_test_${randomBytes(6).toString("hex")}`, charge_id: chargeId, merchant_ref: providerRef, amount: 990, currency: "CNY", payer: "wx_***0001", paid_at: now };
      const eventId = `evt_test_${randomBytes(8).toString("hex")}`;
      const body = JSON.stringify({ id: eventId, type: "payment.succeeded", created_at: now, data: { payment, charge: { id: chargeId, merchant_ref: providerRef, amount: 990, currency: "CNY", status: "succeeded" } } });
      expect((await post(body, signed(eventId, body, otherSecret))).status).toBe(200);

      expect(await orderOf(orderId)).toMatchObject({ status: "open", amountReceived: 0 });
      const recorded = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: payment.id } });
      expect(recorded).toMatchObject({ accountId: otherAccount, orderId: null, storeId: h.cashier.storeId });
      const ds = await h.ctx.db.discrepancy.findMany({ where: { paymentId: recorded.id } });
      expect(ds.map((d) => d.type)).toEqual(["unknown_order"]);
      expect(await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { eventId } })).toMatchObject({ accountId: otherAccount });
    } finally {
      await h.ctx.db.providerAccount.update({ where: { id: otherAccount }, data: { kind: "retired" } });
    }
  });
});
