/**
 * The counter journey through the Alipay adapter against Sandbox Pay speaking
 * Alipay's OpenAPI v2 gateway (sandbox/alipay): precreate, the phone page pays,
 * a trade_status_sync notification signed RSA2 the gateway's way makes the order
 * PAID (a duplicate counted once, one signed with an unpublished key refused);
 * "customer says paid" through alipay.trade.query; close; a refund; and the
 * day's 业务明细 bill (GBK, zipped) downloaded, imported and matched.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOrder } from "@/lib/orders/check-order";
import { fetchStatement } from "@/lib/reconciliation/fetch-statement";
import { requestRefund } from "@/lib/refunds/request-refund";
import { SANDBOX_CONNECTION_ID } from "@/lib/stores/seed-demo-store";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { AlipayProvider } from "./alipay-provider";
import { APP_ID, rsaKeyPair, testConfig } from "./alipay-test-support";
import { toChinaTime } from "./time";

const ACCOUNT_ID = "pa_alipay_test";
const app = rsaKeyPair();
/** Both clocks move together when a test needs tomorrow (a day's bill exists once the day is over). */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
let h: Harness;
let adapter: AlipayProvider;

beforeAll(async () => {
  h = await startHarness({ sandbox: { now: clock, alipay: { appId: APP_ID, appPublicKeyPem: app.publicKey } } });
  const published = h.sandbox.alipay!;
  adapter = new AlipayProvider(testConfig(published.gatewayUrl, { appPrivateKey: app.privateKey, alipayPublicKey: published.alipayPublicKeyPem }, clock));
  const sandbox = h.ctx.provider;
  h.ctx.provider = (account) => (account.kind === "alipay" ? adapter : sandbox(account));
  const storeId = h.owner.storeId;
  await h.ctx.db.providerAccount.create({ data: { id: ACCOUNT_ID, storeId, kind: "alipay", name: "Alipay", baseUrl: published.gatewayUrl, apiKey: "", webhookSecret: "" } });
  await h.ctx.db.providerConnection.update({ where: { id: SANDBOX_CONNECTION_ID }, data: { isDefault: false } });
  await h.ctx.db.providerConnection.create({ data: { id: "pc_alipay_test", storeId, accountId: ACCOUNT_ID, name: "Alipay", isDefault: true } });
});
afterAll(() => h?.close());

async function sandboxChargeId(providerRef: string): Promise<string> {
  const [charge] = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${providerRef}`)).as(ChargeList).data;
  if (!charge) throw new Error(`Sandbox Pay has no charge ${providerRef}`);
  return charge.id;
}

const orderOf = (orderId: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
const paidOrder = (orderId: string, timeoutMs?: number) => eventually(async () => ((await orderOf(orderId)).status === "paid" ? orderOf(orderId) : null), timeoutMs);

describe("Till and Sandbox Pay's Alipay dialect", () => {
  it("a sale: precreated, paid on the phone page its qr_code opens, PAID by the RSA2-signed notification Till answers success", async () => {
    const { order, orderId } = await h.newOrder(2350);
    expect(order.charge?.qrContent).toMatch(/\/pay\/ch_/);
    const phone = await fetch(order.charge!.qrContent!);
    expect(phone.status).toBe(200);
    expect(await phone.text()).toContain("23.50");
    const paid = await fetch(order.charge!.qrContent!, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect(paid.status).toBe(201);
    expect((await paidOrder(orderId)).amountReceived).toBe(2350);
    const delivery = await eventually(() => h.ctx.db.webhookDelivery.findFirst({ where: { accountId: ACCOUNT_ID, eventType: "payment.succeeded" } }));
    expect(delivery).toMatchObject({ verified: true, provider: "alipay" });
    expect(delivery.rawBody).toContain("sign_type=RSA2");
    // The sandbox records an event delivered only when Till answered the plain text `success`.
    const [event] = await eventually(async () => {
      const events = (await h.sandboxApi("GET", `/sandbox/events?charge_id=${await sandboxChargeId(order.providerRef)}`)).json as { data: { state: string }[] };
      return events.data.every((e) => e.state === "delivered") ? events.data : null;
    });
    expect(event).toMatchObject({ state: "delivered" });
  });

  it("a notification sent twice at once is applied once", async () => {
    const { order, orderId } = await h.newOrder(1200);
    await h.pay(await sandboxChargeId(order.providerRef), { delivery: "duplicate" });
    await paidOrder(orderId);
    const delivery = await eventually(() => h.ctx.db.webhookDelivery.findFirst({ where: { accountId: ACCOUNT_ID, eventType: "payment.succeeded", duplicateCount: { gte: 1 } } }));
    expect(delivery.verified).toBe(true);
    expect(await h.ctx.db.payment.count({ where: { orderId } })).toBe(1);
  });

  it("a notification signed with a key Alipay never published is refused; the resend, signed rightly, makes the order PAID", async () => {
    const { order, orderId } = await h.newOrder(640);
    expect((await h.sandboxApi("POST", "/sandbox/faults", { bad_signature_rate: 1 })).status).toBe(200);
    const rejectedBefore = await h.ctx.db.webhookDelivery.count({ where: { provider: "alipay", verified: false } });
    try {
      await h.pay(await sandboxChargeId(order.providerRef));
      await eventually(async () => (await h.ctx.db.webhookDelivery.count({ where: { provider: "alipay", verified: false } })) > rejectedBefore);
      expect((await orderOf(orderId)).status).toBe("open");
    } finally {
      await h.sandboxApi("POST", "/sandbox/faults", { bad_signature_rate: 0 });
    }
    expect((await paidOrder(orderId, 15_000)).status).toBe("paid");
  });

  it("a request the app did not sign is refused by the gateway (40002 isv.invalid-signature)", async () => {
    const stranger = rsaKeyPair();
    const forged = new AlipayProvider(testConfig(h.sandbox.alipay!.gatewayUrl, { appPrivateKey: stranger.privateKey, alipayPublicKey: h.sandbox.alipay!.alipayPublicKeyPem }));
    const error = await forged.getCharge("whatever").then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ kind: "rejected", rejection: { code: "isv.invalid-signature" } });
  });

  it("customer says paid: the notification was lost, alipay.trade.query finds the payment", async () => {
    const { order, orderId } = await h.newOrder(880);
    expect((await adapter.getCharge(order.providerRef))?.status).toBe("pending");
    await h.pay(await sandboxChargeId(order.providerRef), { delivery: "drop" });
    const { order: after, providerStatus } = await checkOrder(h.ctx, { actor: h.cashier, orderId });
    expect(providerStatus).toBe("succeeded");
    expect(after).toMatchObject({ status: "paid", amountReceived: 880 });
  });

  it("an unpaid trade closes; a closed one cannot close again; an unknown one does not exist", async () => {
    const { order } = await h.newOrder(500);
    expect(await adapter.closeCharge(order.providerRef)).toBe("closed");
    expect((await adapter.getCharge(order.providerRef))?.status).toBe("closed");
    expect((await h.sandboxApi("GET", `/v1/charges?merchant_ref=${order.providerRef}`)).as(ChargeList).data[0]?.status).toBe("closed");
    expect(await adapter.closeCharge(order.providerRef)).toBe("closed");
    expect(await adapter.closeCharge("no_such_trade")).toBe("not_found");
  });

  it("a refund: out_request_no is Till's key, the money moves in the call (fund_change Y), the same key again is the same refund", async () => {
    const { order, orderId } = await h.newOrder(3000);
    await h.pay(await sandboxChargeId(order.providerRef));
    await paidOrder(orderId);
    const { refund } = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1200, reason: "damaged", key: `k_${randomBytes(6).toString("hex")}` });
    const settled = await eventually(async () => {
      const r = await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
      return r.status === "succeeded" ? r : null;
    });
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { orderId } });
    const [tradeNo, key] = (settled.providerRefundId ?? "").split(":") as [string, string];
    expect(tradeNo).toBe(payment.providerPaymentId);
    expect(key).toMatch(/^rf_/);
    expect(await orderOf(orderId)).toMatchObject({ amountRefunded: 1200 });
    const again = await adapter.refund({ providerPaymentId: payment.providerPaymentId, amount: 1200, reason: "damaged", refundKey: key });
    expect(again).toMatchObject({ status: "succeeded", amount: 1200 });
    expect(await h.sandboxApi("GET", `/v1/refunds?merchant_refund_ref=${key}`).then((r) => (r.json as { data: unknown[] }).data)).toHaveLength(1);
  });

  it("the day's bill: none before the China day is over, then its 业务明细 downloaded, imported and every line matched", async () => {
    const today = toChinaTime(clock()).slice(0, 10);
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: ACCOUNT_ID } });
    const early = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: today, importedBy: "test", account }).then(() => null, (e: unknown) => e);
    expect(early).not.toBeNull();
    offsetMs = 86_400_000;
    try {
      const result = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: today, importedBy: "test", account });
      // Five payments and one refund today, each Till's too.
      expect(result).toMatchObject({ day: today, lines: 6, added: 6, matched: 6, discrepanciesOpened: 0 });
    } finally {
      offsetMs = 0;
    }
  });
});
