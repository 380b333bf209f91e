/**
 * The order rules and discrepancies of pos-api.md as applied when a payment is
 * recorded (recordPayment, via the receiver, the sweeper or a cancel): every
 * discrepancy type opened at ingestion with its expected/actual amounts, the
 * precedence late › duplicate › overpaid, and the statuses a payment leads to.
 *
 * Two clocks, both offsets from real time: Till's (ctx.now) and Sandbox Pay's.
 * Offsets stay well inside the ±300 s signature window, because Till verifies
 * webhook timestamps against the real clock.
 */
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Discrepancy } from "@/lib/generated/prisma/client";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { sweepOrders } from "@/lib/orders/sweep-orders";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { Charge } from "@/sandbox/test-schemas";
import { eventually, startHarness, TEST_WEBHOOK_SECRET, type Harness } from "@/test/harness";
import { recordProviderPayments } from "./record-provider-payments";

let tillOffsetMs = 0;
let sandboxOffsetMs = 0;
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    now: () => new Date(Date.now() + tillOffsetMs),
    sandbox: { now: () => new Date(Date.now() + sandboxOffsetMs) },
  });
});
afterEach(() => {
  tillOffsetMs = 0;
  sandboxOffsetMs = 0;
});
afterAll(() => h?.close());

// ---------------------------------------------------------------- helpers

const orderOf = (orderId: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
const paymentOf = (providerPaymentId: string) =>
  h.ctx.db.payment.findUniqueOrThrow({ where: { accountId_providerPaymentId: { accountId: SANDBOX_ACCOUNT_ID, providerPaymentId } } });
const discrepanciesOf = (orderId: string) => h.ctx.db.discrepancy.findMany({ where: { orderId }, orderBy: { detectedAt: "asc" } });

/** Every opened discrepancy has exactly one "discrepancy.opened" audit event. */
async function expectAudited(discrepancies: Discrepancy[]): Promise<void> {
  for (const d of discrepancies) {
    const audits = await h.ctx.db.auditEvent.findMany({ where: { action: "discrepancy.opened", entityType: "discrepancy", entityId: d.id } });
    expect(audits, `audit of ${d.type}`).toHaveLength(1);
    expect(JSON.parse(audits[0]!.data ?? "{}")).toMatchObject({ type: d.type });
  }
}

/** Moves both clocks past the order's expiry (the sandbox's too, so its charge has expired). */
function bothClocksPast(expiresAt: Date, byMs = 1_500): void {
  tillOffsetMs = sandboxOffsetMs = expiresAt.getTime() - Date.now() + byMs;
}

// ------------------------------------------------------------- statuses

describe("statuses after a payment", () => {
  it("a partial payment makes the order partially_paid with no discrepancy; the rest makes it paid", async () => {
    const { orderId, chargeId } = await h.newOrder(1000);
    await h.pay(chargeId, { amount: 400 });
    await h.delivered(chargeId, 1);
    expect(await orderOf(orderId)).toMatchObject({ status: "partially_paid", amountReceived: 400, paidAt: null });
    expect(await discrepanciesOf(orderId)).toEqual([]);

    // Till's clock runs 40 s ahead of the provider's: paid_at must be the provider's time of the completing payment.
    tillOffsetMs = 40_000;
    const second = await h.pay(chargeId, { amount: 600 });
    await h.delivered(chargeId, 2);
    const after = await orderOf(orderId);
    expect(after).toMatchObject({ status: "paid", amountReceived: 1000 });
    expect(after.paidAt).toEqual(new Date(second.paid_at));
    expect(await discrepanciesOf(orderId)).toEqual([]);
  });
});

// ------------------------------------------------- excess, with precedence

describe("late_payment › duplicate_payment › overpaid", () => {
  it("overpaid: a payment above the amount makes the order paid and opens overpaid (expected = amount, actual = received)", async () => {
    const { orderId, chargeId } = await h.newOrder(1000);
    const p = await h.pay(chargeId, { amount: 1500 });
    await h.delivered(chargeId, 1);
    expect(await orderOf(orderId)).toMatchObject({ status: "paid", amountReceived: 1500 });
    const ds = await discrepanciesOf(orderId);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "overpaid", status: "open", expectedAmount: 1000, actualAmount: 1500, paymentId: (await paymentOf(p.id)).id });
    await expectAudited(ds);
  });

  it("duplicate_payment: a second (forced) payment on a paid order opens duplicate_payment only, not also overpaid", async () => {
    const { orderId, chargeId } = await h.newOrder(1175);
    await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    expect(await orderOf(orderId)).toMatchObject({ status: "paid" });

    const second = await h.pay(chargeId, { force: true });
    await h.delivered(chargeId, 2);
    expect(await orderOf(orderId)).toMatchObject({ status: "paid", amountReceived: 2350 });
    const ds = await discrepanciesOf(orderId);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "duplicate_payment", expectedAmount: 1175, actualAmount: 2350, paymentId: (await paymentOf(second.id)).id });
    await expectAudited(ds);
  });

  it("late_payment: a forced payment after /expire with paid_at after expires_at opens late_payment and the order stays expired", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1500, 30);
    bothClocksPast(order.expiresAt);
    await sweepOrders(h.ctx);
    expect(await orderOf(orderId)).toMatchObject({ status: "expired" });
    expect((await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/expire`)).status).toBe(200);

    const p = await h.pay(chargeId, { force: true });
    expect(new Date(p.paid_at).getTime()).toBeGreaterThan(order.expiresAt.getTime());
    await h.delivered(chargeId, 1);

    const payment = await paymentOf(p.id);
    expect(payment).toMatchObject({ orderId, late: true, source: "notification" });
    expect(await orderOf(orderId)).toMatchObject({ status: "expired", amountReceived: 1500 });
    const ds = await discrepanciesOf(orderId);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "late_payment", expectedAmount: 1500, actualAmount: 1500, paymentId: payment.id });
    await expectAudited(ds);
  });

  it("late › duplicate: a payment after expiry on an order already paid opens late_payment only", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1600, 30);
    await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    bothClocksPast(order.expiresAt);
    const second = await h.pay(chargeId, { force: true });
    await h.delivered(chargeId, 2);
    expect(await orderOf(orderId)).toMatchObject({ status: "paid", amountReceived: 3200 });
    const ds = await discrepanciesOf(orderId);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "late_payment", expectedAmount: 1600, actualAmount: 3200, paymentId: (await paymentOf(second.id)).id });
    await expectAudited(ds);
  });

  it("late › overpaid: a payment above the amount after expiry opens late_payment only; the order stays expired", async () => {
    const { order, orderId, chargeId } = await h.newOrder(500, 30);
    bothClocksPast(order.expiresAt);
    await sweepOrders(h.ctx);
    expect(await orderOf(orderId)).toMatchObject({ status: "expired" });
    await h.pay(chargeId, { amount: 900, force: true });
    await h.delivered(chargeId, 1);
    expect(await orderOf(orderId)).toMatchObject({ status: "expired", amountReceived: 900 });
    const ds = await discrepanciesOf(orderId);
    expect(ds.map((d) => [d.type, d.expectedAmount, d.actualAmount])).toEqual([["late_payment", 500, 900]]);
    await expectAudited(ds);
  });

  // Rule 4: a late payment leaves an expired order as it is. An order whose expires_at has passed is
  // expired whether or not the sweeper has got round to marking it so; the same facts (expires_at,
  // paid_at) must not lead to "paid" when the notification beats the sweeper by a second and to
  // "expired" when it does not (compare the late_payment test above).
  it("a late payment that beats the sweeper leaves the order expired, exactly as if the sweeper had run first", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1250, 30);
    bothClocksPast(order.expiresAt);
    const p = await h.pay(chargeId, { force: true });
    await h.delivered(chargeId, 1);
    expect(await paymentOf(p.id)).toMatchObject({ late: true });
    expect((await discrepanciesOf(orderId)).map((d) => d.type)).toEqual(["late_payment"]);
    expect(await orderOf(orderId)).toMatchObject({ status: "expired", amountReceived: 1250 });
  });
});

// ------------------------------------------------------------ unknown order

describe("unknown_order", () => {
  it("a signed payment.succeeded whose merchant_ref matches no order is kept with orderId null and answered 200", async () => {
    const merchantRef = `01UNKNOWN${randomBytes(8).toString("hex").toUpperCase()}`.slice(0, 26);
    const paymentId = `pay_test_${randomBytes(8).toString("hex")}`;
    const id = `evt_test_${randomBytes(8).toString("hex")}`;
    const paidAt = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const body = JSON.stringify({
      id,
      type: "payment.succeeded",
      created_at: paidAt,
      data: {
        payment: { id: paymentId, charge_id: "ch_test_nowhere", merchant_ref: merchantRef, amount: 990, currency: "CNY", payer: "wx_***0001", paid_at: paidAt },
        charge: { id: "ch_test_nowhere", merchant_ref: merchantRef, amount: 990, currency: "CNY", status: "succeeded" },
      },
    });
    const at = new Date();
    const res = await fetch(`${h.receiverUrl}/api/webhooks/sandbox`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": id,
        "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
        "webhook-signature": new Webhook(TEST_WEBHOOK_SECRET).sign(id, at, body),
      },
      body,
    });
    expect(res.status).toBe(200);

    const payment = await paymentOf(paymentId);
    expect(payment).toMatchObject({ orderId: null, storeId: h.cashier.storeId, amount: 990, merchantRef, source: "notification" });
    const ds = await h.ctx.db.discrepancy.findMany({ where: { paymentId: payment.id } });
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "unknown_order", orderId: null, expectedAmount: null, actualAmount: 990, storeId: h.cashier.storeId });
    await expectAudited(ds);
  });
});

// ------------------------------------------------------------- underpaid

describe("underpaid", () => {
  it("a partially paid order that is cancelled becomes cancelled and opens one underpaid", async () => {
    const { orderId, chargeId } = await h.newOrder(1000);
    await h.pay(chargeId, { amount: 400 });
    await h.delivered(chargeId, 1);
    expect(await orderOf(orderId)).toMatchObject({ status: "partially_paid" });

    const cancelled = await cancelOrder(h.ctx, { actor: h.cashier, orderId });
    expect(cancelled).toMatchObject({ status: "cancelled", amountReceived: 400 });
    const ds = await discrepanciesOf(orderId);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "underpaid", expectedAmount: 1000, actualAmount: 400, paymentId: null });
    await expectAudited(ds);
  });

  it("a partially paid order swept at its expiry becomes expired and opens one underpaid", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1000, 30);
    await h.pay(chargeId, { amount: 250 });
    await h.delivered(chargeId, 1);
    tillOffsetMs = order.expiresAt.getTime() - Date.now() + 1_500;
    await sweepOrders(h.ctx);
    expect(await orderOf(orderId)).toMatchObject({ status: "expired", amountReceived: 250 });
    // A second pass changes nothing.
    await sweepOrders(h.ctx);
    const ds = await discrepanciesOf(orderId);
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ type: "underpaid", expectedAmount: 1000, actualAmount: 250 });
    await expectAudited(ds);
  });
});

// ------------------------------------------------- in time, learned late

describe("a payment made in time but learned late is not late", () => {
  it("a dropped notification found by the sweeper at expiry (it queries after closing) turns the order paid, not expired, not late", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1800, 30);
    const p = await h.pay(chargeId, { delivery: "drop" });
    tillOffsetMs = order.expiresAt.getTime() - Date.now() + 1_500;
    await sweepOrders(h.ctx);

    const payment = await paymentOf(p.id);
    expect(payment).toMatchObject({ orderId, late: false, source: "query" });
    expect(await orderOf(orderId)).toMatchObject({ status: "paid", amountReceived: 1800 });
    const ds = await discrepanciesOf(orderId);
    expect(ds.map((d) => d.type)).toEqual(["unnotified_payment"]);
    expect(ds[0]).toMatchObject({ expectedAmount: 1800, actualAmount: 1800, paymentId: payment.id });
    await expectAudited(ds);
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: orderId, action: "order.expired" } })).toBe(0);
  });

  it("a payment stamped before expires_at that reaches Till after the order expired (it raced the close) moves it from expired to paid, not late", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1250, 30);
    // Till's clock is past the expiry, the provider's is not: the sweeper closes and expires ...
    tillOffsetMs = order.expiresAt.getTime() - Date.now() + 1_500;
    await sweepOrders(h.ctx);
    expect(await orderOf(orderId)).toMatchObject({ status: "expired" });
    // ... and a payment the provider stamps in time arrives afterwards.
    const p = await h.pay(chargeId, { force: true });
    expect(new Date(p.paid_at).getTime()).toBeLessThan(order.expiresAt.getTime());
    await h.delivered(chargeId, 1);

    expect(await paymentOf(p.id)).toMatchObject({ late: false, source: "notification" });
    expect(await orderOf(orderId)).toMatchObject({ status: "paid", amountReceived: 1250 });
    expect(await discrepanciesOf(orderId)).toEqual([]);
    const change = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: orderId, action: "order.status_changed" } });
    expect(JSON.parse(change.data!)).toMatchObject({ from: "expired", to: "paid" });
  });
});

// ------------------------------------------ closing the charge (rule 3)

describe("closing the charge of an order that became paid", () => {
  const providerPayment = (p: { id: string; charge_id: string; merchant_ref: string; amount: number; currency: string; payer: string; paid_at: string }) => ({
    providerPaymentId: p.id,
    providerChargeId: p.charge_id,
    merchantRef: p.merchant_ref,
    amount: p.amount,
    currency: p.currency,
    payer: p.payer,
    paidAt: new Date(p.paid_at),
  });

  it("a charge paid within the store's tolerance still takes payments: Till closes it at the provider", async () => {
    const { order, orderId, chargeId } = await h.newOrder(1000);
    const store = await h.ctx.db.store.findUniqueOrThrow({ where: { id: order.storeId } });
    await h.ctx.db.store.update({ where: { id: store.id }, data: { amountTolerance: 50 } });
    try {
      await h.pay(chargeId, { amount: 980 });
      await h.delivered(chargeId, 1);
      expect(await orderOf(orderId)).toMatchObject({ status: "paid", amountReceived: 980 });
      await eventually(async () => (await h.sandboxApi("GET", `/v1/charges/${chargeId}`)).as(Charge).status === "closed");
    } finally {
      await h.ctx.db.store.update({ where: { id: store.id }, data: { amountTolerance: store.amountTolerance } });
    }
  });

  it("a charge that took its whole amount has succeeded at the provider, which refuses a close: none is asked", async () => {
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: SANDBOX_ACCOUNT_ID } });
    const { orderId, chargeId } = await h.newOrder(1000);
    const first = await h.pay(chargeId, { amount: 400, delivery: "drop" });
    const second = await h.pay(chargeId, { amount: 600, delivery: "drop" });
    const results = await recordProviderPayments(h.ctx, account, [providerPayment(first), providerPayment(second)], "query");
    expect(results).toMatchObject([
      { recorded: true, orderId, status: "partially_paid", closeCharge: false },
      { recorded: true, orderId, status: "paid", closeCharge: false },
    ]);
    expect((await h.sandboxApi("GET", `/v1/charges/${chargeId}`)).as(Charge).status).toBe("succeeded");
  });
});
