/**
 * The counter journey through the WeChat Pay adapter against Sandbox Pay
 * speaking WeChat Pay APIv3 (sandbox/wechat): Native order, the phone pays,
 * a TRANSACTION.SUCCESS notification signed and encrypted WeChat's way makes
 * the order PAID; "customer says paid" on a dropped notification; a refund
 * settled by REFUND.SUCCESS; the day's trade bill fetched and matched.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOrder } from "@/lib/orders/check-order";
import { fetchStatement } from "@/lib/reconciliation/fetch-statement";
import { requestRefund } from "@/lib/refunds/request-refund";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { chinaRfc3339 } from "./time";
import { connectWechat, WECHAT_ACCOUNT_ID, wechatFixture } from "./wechat-test-support";

const f = wechatFixture();
/** Both clocks move together when a test needs tomorrow (a day's bill exists once the day is over). */
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    sandbox: { now: clock, wechat: { mchid: "1900009191", appid: "wxd678efh567hg6787", apiV3Key: f.apiV3Key, merchantPublicKeyPem: f.merchant.publicPem } },
  });
  const published = h.sandbox.wechat!;
  await connectWechat(h, { ...f.config(h.sandbox.url, clock), wechatPayPublicKeyId: published.publicKeyId, wechatPayPublicKeyPem: published.publicKeyPem });
});
afterAll(() => h?.close());

/** Sandbox Pay's own id of the charge behind an order (to pay it from the "phone"). */
async function sandboxChargeId(providerRef: string): Promise<string> {
  const [charge] = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${providerRef}`)).as(ChargeList).data;
  if (!charge) throw new Error(`Sandbox Pay has no charge ${providerRef}`);
  return charge.id;
}

const orderOf = (orderId: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });

describe("Till and Sandbox Pay's WeChat dialect", () => {
  it("a sale: Native order, paid on the phone page, PAID by the WeChat-signed notification; a repeat changes nothing", async () => {
    const { order, orderId } = await h.newOrder(2350);
    expect(order.charge?.qrContent).toMatch(/\/pay\/ch_/);
    const chargeId = await sandboxChargeId(order.providerRef);
    await h.pay(chargeId, { delivery: "duplicate" });
    const paid = await eventually(async () => {
      const o = await orderOf(orderId);
      return o.status === "paid" ? o : null;
    });
    expect(paid.amountReceived).toBe(2350);
    const delivery = await eventually(() => h.ctx.db.webhookDelivery.findFirst({ where: { accountId: WECHAT_ACCOUNT_ID, eventType: "payment.succeeded", duplicateCount: { gte: 1 } } }));
    expect(delivery.verified).toBe(true);
    expect(await h.ctx.db.payment.count({ where: { orderId } })).toBe(1);
  });

  it("a notification signed with a key WeChat never published is refused; WeChat's retry, signed rightly, makes the order PAID", async () => {
    const { order, orderId } = await h.newOrder(640);
    expect((await h.sandboxApi("POST", "/sandbox/faults", { bad_signature_rate: 1 })).status).toBe(200);
    const rejectedBefore = await h.ctx.db.webhookDelivery.count({ where: { provider: "wechat", verified: false } });
    try {
      await h.pay(await sandboxChargeId(order.providerRef));
      await eventually(async () => (await h.ctx.db.webhookDelivery.count({ where: { provider: "wechat", verified: false } })) > rejectedBefore);
      expect((await orderOf(orderId)).status).toBe("open");
    } finally {
      await h.sandboxApi("POST", "/sandbox/faults", { bad_signature_rate: 0 });
    }
    expect(await eventually(async () => ((await orderOf(orderId)).status === "paid" ? true : null), 15_000)).toBe(true);
  });

  it("customer says paid: the notification was lost, the query by out_trade_no finds the payment", async () => {
    const { order, orderId } = await h.newOrder(880);
    await h.pay(await sandboxChargeId(order.providerRef), { delivery: "drop" });
    const { order: after, providerStatus } = await checkOrder(h.ctx, { actor: h.cashier, orderId });
    expect(providerStatus).toBe("succeeded");
    expect(after).toMatchObject({ status: "paid", amountReceived: 880 });
  });

  it("an unpaid order is cancelled by closing it at WeChat; the charge is then closed at Sandbox Pay", async () => {
    const { order } = await h.newOrder(500);
    const adapter = h.ctx.provider(await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: WECHAT_ACCOUNT_ID } }));
    expect(await adapter.closeCharge(order.providerRef)).toBe("closed");
    expect((await adapter.getCharge(order.providerRef))?.status).toBe("closed");
    expect((await h.sandboxApi("GET", `/v1/charges?merchant_ref=${order.providerRef}`)).as(ChargeList).data[0]?.status).toBe("closed");
  });

  it("a refund: out_refund_no is Till's key, REFUND.SUCCESS settles it", async () => {
    const { order, orderId } = await h.newOrder(3000);
    await h.pay(await sandboxChargeId(order.providerRef));
    await eventually(async () => ((await orderOf(orderId)).status === "paid" ? true : null));
    const { refund } = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1200, reason: "damaged", key: `k_${randomBytes(6).toString("hex")}` });
    const settled = await eventually(async () => {
      const r = await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
      return r.status === "succeeded" ? r : null;
    });
    expect(settled.providerRefundId).toMatch(/^re_/);
    expect(await orderOf(orderId)).toMatchObject({ amountRefunded: 1200 });
    expect(await h.ctx.db.webhookDelivery.findFirst({ where: { accountId: WECHAT_ACCOUNT_ID, eventType: "refund.succeeded", paymentRef: { not: null } } })).not.toBeNull();
  });

  it("the day's trade bill: fetched once the China day is over, its SHA-1 checked, every line matched", async () => {
    const today = chinaRfc3339(clock()).slice(0, 10);
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: WECHAT_ACCOUNT_ID } });
    const early = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: today, importedBy: "test", account }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(early).toMatchObject({ code: "invalid_request" });
    offsetMs = 86_400_000;
    try {
      const result = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: today, importedBy: "test", account });
      // Four payments and one refund today, each Till's too.
      expect(result).toMatchObject({ day: today, lines: 5, added: 5, matched: 5, discrepanciesOpened: 0 });
    } finally {
      offsetMs = 0;
    }
  });
});
