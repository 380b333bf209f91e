/**
 * A counter journey through the WeChat Pay adapter and Till's own domain: the
 * order's charge made at a server playing WeChat Pay with the SDK, the
 * payment announced by a notification the SDK signed and encrypted, received
 * by the real notification path, replayed, tampered with and stale; "customer
 * says paid"; a refund and its REFUND.SUCCESS notification.
 */
import { createHash, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkOrder } from "@/lib/orders/check-order";
import { fetchStatement } from "@/lib/reconciliation/fetch-statement";
import { payRow, wechatBill } from "@/lib/reconciliation/wechat-bill-test-support";
import { requestRefund } from "@/lib/refunds/request-refund";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { connectWechat, fakeWechatPay, sdkNotificationBody, sdkSignedHeaders, WECHAT_ACCOUNT_ID, wechatFixture, type Answer, type SeenRequest } from "./wechat-test-support";

const f = wechatFixture();
const ACCOUNT_ID = WECHAT_ACCOUNT_ID;
let h: Harness;
let wechat: Awaited<ReturnType<typeof fakeWechatPay>>;
/** What the WeChat Pay server knows: paid orders by out_trade_no, refunds by out_refund_no. */
const paid = new Map<string, { transactionId: string; total: number }>();
const refunds = new Map<string, { refundId: string; transactionId: string; outTradeNo: string; amount: number; total: number }>();

function route(r: SeenRequest): Answer | undefined {
  const url = new URL(r.url, "http://wechat");
  if (r.method === "POST" && url.pathname === "/v3/pay/transactions/native") {
    return { status: 200, body: { code_url: `weixin://wxpay/bizpayurl/up?pr=${randomBytes(4).toString("hex")}&groupid=00` } };
  }
  const byRef = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(url.pathname);
  const byId = /^\/v3\/pay\/transactions\/id\/([^/]+)$/.exec(url.pathname);
  if (r.method === "GET" && (byRef || byId)) {
    const entry = byRef ? [byRef[1]!, paid.get(byRef[1]!)] as const : [...paid.entries()].find(([, p]) => p.transactionId === byId![1]);
    const [ref, p] = entry ?? [byRef?.[1] ?? "", undefined];
    if (!p) return byRef ? { status: 200, body: { out_trade_no: ref, trade_state: "NOTPAY", amount: {} } } : undefined;
    return { status: 200, body: transaction(ref, p.transactionId, p.total) };
  }
  if (r.method === "POST" && url.pathname === "/v3/refund/domestic/refunds") {
    const body = JSON.parse(r.body) as { transaction_id: string; out_refund_no: string; amount: { refund: number; total: number } };
    const outTradeNo = [...paid.entries()].find(([, p]) => p.transactionId === body.transaction_id)![0];
    const refund = refunds.get(body.out_refund_no) ?? { refundId: `5030${randomBytes(12).toString("hex")}`, transactionId: body.transaction_id, outTradeNo, amount: body.amount.refund, total: body.amount.total };
    refunds.set(body.out_refund_no, refund);
    return { status: 200, body: { refund_id: refund.refundId, out_refund_no: body.out_refund_no, transaction_id: refund.transactionId, out_trade_no: outTradeNo, status: "PROCESSING", amount: { refund: refund.amount, total: refund.total, currency: "CNY" } } };
  }
  if (r.method === "GET" && url.pathname === "/v3/bill/tradebill" && url.searchParams.get("bill_type") === "ALL") {
    const bill = bills.get(url.searchParams.get("bill_date") ?? "");
    if (!bill) return { status: 400, body: { code: "NO_STATEMENT_EXIST", message: "账单不存在" } };
    return { status: 200, body: { hash_type: "SHA1", hash_value: createHash("sha1").update(bill).digest("hex"), download_url: `${wechat.url}/v3/billdownload/file?token=${url.searchParams.get("bill_date")}` } };
  }
  if (r.method === "GET" && url.pathname === "/v3/billdownload/file") {
    const bill = bills.get(url.searchParams.get("token") ?? "");
    return bill === undefined ? undefined : { status: 200, raw: bill, signed: "none" };
  }
  return undefined;
}
/** Trade bills WeChat Pay has, by bill_date. */
const bills = new Map<string, string>();

const transaction = (ref: string, transactionId: string, total: number) => ({
  out_trade_no: ref, transaction_id: transactionId, trade_type: "NATIVE", trade_state: "SUCCESS", success_time: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"),
  payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" }, amount: { total, payer_total: total, currency: "CNY", payer_currency: "CNY" },
});

beforeAll(async () => {
  h = await startHarness();
  wechat = await fakeWechatPay(f, route);
  await connectWechat(h, f.config(wechat.url));
});
afterAll(async () => {
  await wechat?.close();
  await h?.close();
});

async function notify(body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const res = await fetch(`${h.receiverUrl}/api/webhooks/wechat`, { method: "POST", headers, body });
  return { status: res.status, text: await res.text() };
}

/** An order charged through WeChat Pay, then paid there (not yet announced). */
async function wechatOrder(amount: number) {
  const { order, orderId } = await h.newOrder(amount);
  const transactionId = `4200${randomBytes(12).toString("hex")}`;
  paid.set(order.providerRef, { transactionId, total: amount });
  return { order, orderId, transactionId };
}

const paymentNotice = (ref: string, transactionId: string, total: number, id = `EV-${randomBytes(8).toString("hex")}`) =>
  sdkNotificationBody(f, { id, eventType: "TRANSACTION.SUCCESS", resource: transaction(ref, transactionId, total) });

describe("a sale paid with WeChat Pay", () => {
  it("the charge is a Native order whose code_url is the QR; the SDK-signed notification makes it PAID, answered 200 with no body", async () => {
    const { order, orderId, transactionId } = await wechatOrder(2350);
    expect(order.charge?.qrContent).toMatch(/^weixin:\/\/wxpay\/bizpayurl\/up\?pr=/);
    const created = wechat.seen.find((r) => r.url === "/v3/pay/transactions/native" && r.body.includes(order.providerRef))!;
    expect(created.signatureValid).toBe(true);
    expect(JSON.parse(created.body)).toMatchObject({ out_trade_no: order.providerRef, amount: { total: 2350, currency: "CNY" }, notify_url: `${h.receiverUrl}/api/webhooks/wechat` });

    const body = paymentNotice(order.providerRef, transactionId, 2350);
    expect(await notify(body, sdkSignedHeaders(f, body))).toEqual({ status: 200, text: "" });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", amountReceived: 2350 });
  });

  it("the same notification again (WeChat's retry): 200, counted as a repeat, the payment recorded once", async () => {
    const { order, orderId, transactionId } = await wechatOrder(990);
    const body = paymentNotice(order.providerRef, transactionId, 990, "EV-replayed-0001");
    for (let i = 0; i < 3; i += 1) expect((await notify(body, sdkSignedHeaders(f, body))).status).toBe(200);
    expect(await h.ctx.db.payment.count({ where: { orderId } })).toBe(1);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", amountReceived: 990 });
    expect(await h.ctx.db.webhookDelivery.findUniqueOrThrow({ where: { accountId_eventId: { accountId: ACCOUNT_ID, eventId: "EV-replayed-0001" } } })).toMatchObject({ duplicateCount: 2, verified: true });
  });

  it("tampered in one byte, or stale: 401, recorded as rejected, the order untouched", async () => {
    const { order, orderId, transactionId } = await wechatOrder(1200);
    const body = paymentNotice(order.providerRef, transactionId, 1200);
    const headers = sdkSignedHeaders(f, body);
    const tampered = body.replace('"event_type":"TRANSACTION.SUCCESS"', '"event_type":"TRANSACTION.SUCCESs"');
    expect(tampered).not.toBe(body);
    const refused = await notify(tampered, headers);
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toEqual({ code: "FAIL", message: "signature verification failed" });
    expect((await notify(body, sdkSignedHeaders(f, body, { at: new Date(Date.now() - 301_000) }))).status).toBe(401);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "open", amountReceived: 0 });
    expect(await h.ctx.db.webhookDelivery.count({ where: { provider: "wechat", verified: false } })).toBeGreaterThanOrEqual(2);
  });

  it("customer says paid: the query by out_trade_no finds the payment WeChat never announced", async () => {
    const { orderId, transactionId } = await wechatOrder(4500);
    const { order, providerStatus } = await checkOrder(h.ctx, { actor: h.cashier, orderId });
    expect(providerStatus).toBe("succeeded");
    expect(order).toMatchObject({ status: "paid", amountReceived: 4500 });
    expect(await h.ctx.db.payment.findFirstOrThrow({ where: { orderId } })).toMatchObject({ providerPaymentId: transactionId, source: "query" });
  });

  it("a refund goes out with out_refund_no = the refund key, and REFUND.SUCCESS settles it", async () => {
    const { order, orderId, transactionId } = await wechatOrder(3000);
    const body = paymentNotice(order.providerRef, transactionId, 3000);
    expect((await notify(body, sdkSignedHeaders(f, body))).status).toBe(200);
    const { refund } = await requestRefund(h.ctx, { actor: h.cashier, orderId, amount: 1000, reason: "damaged", key: `k_${randomBytes(6).toString("hex")}` });
    expect(refund.status).toBe("pending");
    const atWechat = refunds.get(refund.refundKey)!;
    expect(atWechat).toMatchObject({ transactionId, amount: 1000, total: 3000 });
    const notice = sdkNotificationBody(f, {
      id: `EV-${randomBytes(8).toString("hex")}`,
      eventType: "REFUND.SUCCESS",
      originalType: "refund",
      resource: { out_trade_no: order.providerRef, transaction_id: transactionId, out_refund_no: refund.refundKey, refund_id: atWechat.refundId, refund_status: "SUCCESS", success_time: new Date().toISOString().replace(/\.\d+Z$/, "+00:00"), amount: { total: 3000, refund: 1000, payer_total: 3000, payer_refund: 1000 } },
    });
    expect((await notify(notice, sdkSignedHeaders(f, notice))).status).toBe(200);
    const settled = await eventually(async () => {
      const r = await h.ctx.db.refund.findUniqueOrThrow({ where: { id: refund.id } });
      return r.status === "succeeded" ? r : null;
    });
    expect(settled).toMatchObject({ providerRefundId: atWechat.refundId, amount: 1000 });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ amountRefunded: 1000 });
  });

  it("the day's trade bill is fetched, its hash checked, and its lines matched against the payments Till recorded", async () => {
    const { order, orderId, transactionId } = await wechatOrder(1550);
    const body = paymentNotice(order.providerRef, transactionId, 1550);
    expect((await notify(body, sdkSignedHeaders(f, body))).status).toBe(200);
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: ACCOUNT_ID } });
    const day = "2026-11-20";
    const notYet = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day, importedBy: "test", account }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(notYet).toMatchObject({ code: "invalid_request" });
    bills.set(day, wechatBill([payRow({ time: `${day} 09:00:00`, txn: transactionId, ref: order.providerRef, total: "15.50", fee: "0.09000" })], ["1", "15.50", "0.00", "0.00", "0.09000", "15.50", "0.00"]));
    const result = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day, importedBy: "test", account });
    expect(result).toMatchObject({ day, lines: 1, added: 1, matched: 1, discrepanciesOpened: 0 });
    expect(await h.ctx.db.payment.findFirstOrThrow({ where: { orderId } })).toMatchObject({ fee: 9, net: 1541 });
  });
});
