/**
 * Replaying a stored delivery from the inbox goes through the notification
 * path's apply step and changes nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";
import { getDelivery } from "./get-delivery";
import { listDeliveries } from "./list-deliveries";
import { receiveNotification } from "./receive-notification";
import { RejectedAttemptLimiter } from "./rejected-attempts";
import { replayDelivery } from "./replay-delivery";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const snapshot = async (orderId: string) => ({
  order: await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } }),
  payments: await h.ctx.db.payment.count({ where: { orderId } }),
  discrepancies: await h.ctx.db.discrepancy.count({ where: { orderId } }),
});

describe("replayDelivery", () => {
  it("a replayed applied payment changes nothing, however often, keeps its outcome and is audited", async () => {
    const { orderId, chargeId } = await h.newOrder(2350);
    const payment = await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    const delivery = await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { paymentRef: payment.id } });
    expect(delivery.outcome).toBe("applied");
    const before = await snapshot(orderId);
    expect(await replayDelivery(h.ctx, { actor: h.owner, deliveryId: delivery.id })).toEqual({ before: "applied", after: "applied" });
    expect(await replayDelivery(h.ctx, { actor: h.owner, deliveryId: delivery.id })).toEqual({ before: "applied", after: "applied" });
    expect(await snapshot(orderId)).toEqual(before);
    expect(await h.ctx.db.auditEvent.count({ where: { action: "notification.replayed", entityId: delivery.id } })).toBe(2);
    const detail = await getDelivery(h.ctx, { storeId: h.owner.storeId, deliveryId: delivery.id });
    expect(detail).toMatchObject({ verified: true, outcome: "applied", replayable: true, touched: { orderId } });
    expect(JSON.parse(detail.rawBody)).toMatchObject({ type: "payment.succeeded" });
  });

  it("a rejected attempt is listed but cannot be replayed; another store cannot see or replay a delivery", async () => {
    const body = JSON.stringify({ id: "evt_forged", type: "payment.succeeded" });
    const answer = await receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers: new Headers({ "webhook-id": "evt_forged", "webhook-timestamp": "1", "webhook-signature": "v1,AAAA" }), limiter: new RejectedAttemptLimiter() });
    expect(answer.status).toBe(401);
    const list = await listDeliveries(h.ctx, { storeId: h.owner.storeId, timeZone: "Asia/Shanghai", outcome: "rejected", limit: 10 });
    expect(list.data).toHaveLength(1);
    const rejected = list.data[0]!;
    expect((await appErrorOf(replayDelivery(h.ctx, { actor: h.owner, deliveryId: rejected.id }))).code).toBe("conflict");
    const stranger = { ...h.owner, storeId: "sto_other" };
    const applied = await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { outcome: "applied" } });
    expect((await appErrorOf(replayDelivery(h.ctx, { actor: stranger, deliveryId: applied.id }))).code).toBe("not_found");
    expect((await appErrorOf(getDelivery(h.ctx, { storeId: "sto_other", deliveryId: applied.id }))).code).toBe("not_found");
  });

  it("the inbox lists newest first with verification and outcome, filtered by type", async () => {
    const all = await listDeliveries(h.ctx, { storeId: h.owner.storeId, timeZone: "Asia/Shanghai", limit: 10 });
    expect(all.data.map((d) => d.outcome)).toEqual(["rejected", "applied"]);
    const payments = await listDeliveries(h.ctx, { storeId: h.owner.storeId, timeZone: "Asia/Shanghai", type: "payment.succeeded", limit: 10 });
    expect(payments.data.map((d) => d.verified)).toEqual([true]);
  });
});
