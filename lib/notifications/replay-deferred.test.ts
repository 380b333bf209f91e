/**
 * A deferred refund event (it arrived before Till knew its payment) applies
 * when replayed once the payment is there, and a second replay changes nothing.
 */
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { startHarness, TEST_WEBHOOK_SECRET, type Harness } from "@/test/harness";
import { receiveNotification } from "./receive-notification";
import { RejectedAttemptLimiter } from "./rejected-attempts";
import { replayDelivery } from "./replay-delivery";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe("replaying a deferred event", () => {
  it("applies once its payment has arrived, and only once", async () => {
    const { orderId, order, chargeId } = await h.newOrder(5000);
    const payment = await h.pay(chargeId, { delivery: "drop" });
    const eventId = `evt_deferred_${Date.now()}`;
    const body = JSON.stringify({
      id: eventId,
      type: "refund.succeeded",
      created_at: new Date().toISOString(),
      data: {
        refund: { id: "re_portal_1", payment_id: payment.id, merchant_refund_ref: "portal-1", amount: 1000, currency: "CNY", status: "succeeded", failure_reason: null, settled_at: new Date().toISOString() },
        payment_id: payment.id,
        charge_id: chargeId,
        merchant_ref: order.providerRef,
      },
    });
    const now = new Date();
    const headers = new Headers({ "webhook-id": eventId, "webhook-timestamp": String(Math.floor(now.getTime() / 1000)), "webhook-signature": new Webhook(TEST_WEBHOOK_SECRET).sign(eventId, now, body) });
    expect((await receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers, limiter: new RejectedAttemptLimiter() })).status).toBe(200);
    const delivery = await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { eventId } });
    expect(delivery.outcome).toBe("deferred");

    // Replayed while the payment is still unknown: still waiting, nothing made.
    expect(await replayDelivery(h.ctx, { actor: h.owner, deliveryId: delivery.id })).toEqual({ before: "deferred", after: "deferred" });
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(0);

    // The payment arrives by a path that does not re-apply waiting events (as if imported by hand).
    const account = await h.ctx.db.providerAccount.findFirstOrThrow();
    await h.ctx.db.payment.create({
      data: { id: newId("pay"), storeId: order.storeId, orderId, accountId: account.id, providerPaymentId: payment.id, providerChargeId: chargeId, merchantRef: order.providerRef, amount: 5000, currency: "CNY", paidAt: new Date(payment.paid_at), source: "statement" },
    });
    expect(await replayDelivery(h.ctx, { actor: h.owner, deliveryId: delivery.id })).toEqual({ before: "deferred", after: "applied" });
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(1);
    expect(await replayDelivery(h.ctx, { actor: h.owner, deliveryId: delivery.id })).toEqual({ before: "applied", after: "applied" });
    expect(await h.ctx.db.refund.count({ where: { orderId } })).toBe(1);
  });
});
