import iconv from "iconv-lite";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isProviderError } from "@/lib/providers/types";
import { AlipayProvider } from "./alipay-provider";
import { businessDetailBill, rsaKeyPair, startTestGateway, testConfig, zipOf, type TestGateway } from "./alipay-test-support";
import { businessDetailEntry } from "./bill-download";

const app = rsaKeyPair();
const alipay = rsaKeyPair();
const NOW = new Date("2026-11-28T12:00:00Z");
let gateway: TestGateway;
let provider: AlipayProvider;

beforeAll(async () => {
  gateway = await startTestGateway({ appPublicKey: app.publicKey, alipayPrivateKey: alipay.privateKey });
  provider = new AlipayProvider(testConfig(gateway.url, { appPrivateKey: app.privateKey, alipayPublicKey: alipay.publicKey }, () => NOW));
});
afterAll(() => gateway.close());
beforeEach(() => {
  gateway.replies.clear();
  gateway.requests.length = 0;
});

const paidTrade = (tradeStatus: string) => () => ({
  trade_no: "2026112822001400000000000001",
  out_trade_no: "ord_paid",
  trade_status: tradeStatus,
  total_amount: "88.80",
  buyer_logon_id: "138****0000",
  send_pay_date: "2026-11-28 20:00:04",
});

describe("AlipayProvider", () => {
  it("precreates a trade: out_trade_no, total_amount in yuan, time_expire in China time, notify_url; the QR is qr_code", async () => {
    gateway.replies.set("alipay.trade.precreate", (r) => ({ out_trade_no: r.biz.out_trade_no, qr_code: "https://qr.alipay.com/bavh4wjlxf12tper3a" }));
    const charge = await provider.createCharge({ merchantRef: "ord_1", amount: 1999, currency: "CNY", description: "Coffee / cake = 2 & more", expiresAt: new Date("2026-11-28T12:15:00.700Z"), notifyUrl: "https://shop.example/api/webhooks/alipay" });
    expect(charge).toMatchObject({ providerChargeId: "ord_1", merchantRef: "ord_1", amount: 1999, status: "pending", qrContent: "https://qr.alipay.com/bavh4wjlxf12tper3a", payments: [] });
    const sent = gateway.requests[0]!;
    expect(sent.params.notify_url).toBe("https://shop.example/api/webhooks/alipay");
    expect(sent.biz).toEqual({ out_trade_no: "ord_1", total_amount: "19.99", subject: "Coffee   cake   2   more", product_code: "FACE_TO_FACE_PAYMENT", time_expire: "2026-11-28 20:15:00" });
  });

  it("refuses a currency other than CNY before calling Alipay", async () => {
    const error: unknown = await provider.createCharge({ merchantRef: "ord_x", amount: 100, currency: "USD", description: "x", expiresAt: NOW, notifyUrl: "https://x" }).catch((e: unknown) => e);
    expect(isProviderError(error, "rejected")).toBe(true);
    expect(gateway.requests).toHaveLength(0);
  });

  it("reads a trade nobody scanned as none, a waiting one as pending, a paid one with its payment", async () => {
    expect(await provider.getCharge("ord_unscanned")).toBeNull();
    gateway.replies.set("alipay.trade.query", () => ({ trade_no: "2026112822001400000000000009", out_trade_no: "ord_w", trade_status: "WAIT_BUYER_PAY", total_amount: "5.00" }));
    expect(await provider.getCharge("ord_w")).toMatchObject({ status: "pending", amount: 500, payments: [] });
    for (const status of ["TRADE_SUCCESS", "TRADE_FINISHED"]) {
      gateway.replies.set("alipay.trade.query", paidTrade(status));
      expect(await provider.getCharge("ord_paid")).toMatchObject({
        status: "succeeded",
        payments: [{ providerPaymentId: "2026112822001400000000000001", merchantRef: "ord_paid", amount: 8880, currency: "CNY", payer: "138****0000", paidAt: new Date("2026-11-28T12:00:04Z") }],
      });
    }
    expect(gateway.requests.at(-1)!.biz).toEqual({ out_trade_no: "ord_paid" });
  });

  it("reads TRADE_CLOSED as closed, unless it was paid and refunded in full", async () => {
    gateway.replies.set("alipay.trade.query", () => ({ trade_no: "2026112822001400000000000010", out_trade_no: "ord_c", trade_status: "TRADE_CLOSED", total_amount: "5.00" }));
    expect(await provider.getCharge("ord_c")).toMatchObject({ status: "closed", payments: [] });
    gateway.replies.set("alipay.trade.query", paidTrade("TRADE_CLOSED"));
    expect(await provider.getCharge("ord_paid")).toMatchObject({ status: "succeeded", payments: [{ amount: 8880 }] });
  });

  it("closes: closed, not found for a trade nobody scanned, succeeded for a paid one", async () => {
    gateway.replies.set("alipay.trade.close", (r) => ({ out_trade_no: r.biz.out_trade_no }));
    expect(await provider.closeCharge("ord_w")).toBe("closed");
    gateway.replies.delete("alipay.trade.close");
    expect(await provider.closeCharge("ord_unscanned")).toBe("not_found");
    gateway.replies.set("alipay.trade.close", () => ({ code: "40004", msg: "Business Failed", sub_code: "ACQ.TRADE_STATUS_ERROR" }));
    gateway.replies.set("alipay.trade.query", paidTrade("TRADE_SUCCESS"));
    expect(await provider.closeCharge("ord_paid")).toBe("succeeded");
  });

  it("refunds with out_request_no = the refund key; fund_change Y is settled", async () => {
    gateway.replies.set("alipay.trade.refund", () => ({ trade_no: "2026112822001400000000000001", out_trade_no: "ord_paid", fund_change: "Y", refund_fee: "10.00", gmt_refund_pay: "2026-11-28 20:30:00" }));
    const refund = await provider.refund({ providerPaymentId: "2026112822001400000000000001", amount: 1000, reason: "customer_request", refundKey: "rfk_1" });
    expect(gateway.requests[0]!.biz).toEqual({ trade_no: "2026112822001400000000000001", refund_amount: "10.00", out_request_no: "rfk_1", refund_reason: "customer_request" });
    expect(refund).toEqual({ providerRefundId: "2026112822001400000000000001:rfk_1", providerPaymentId: "2026112822001400000000000001", refundKey: "rfk_1", amount: 1000, currency: "CNY", status: "succeeded", failureReason: null, settledAt: new Date("2026-11-28T12:30:00Z") });
  });

  it("asks about a repeated refund (fund_change N) instead of guessing, and finds it by its provider id", async () => {
    gateway.replies.set("alipay.trade.refund", () => ({ trade_no: "2026112822001400000000000001", fund_change: "N", refund_fee: "10.00" }));
    gateway.replies.set("alipay.trade.fastpay.refund.query", (r) => ({ trade_no: r.biz.trade_no, out_request_no: r.biz.out_request_no, refund_amount: "10.00", refund_status: "REFUND_SUCCESS", gmt_refund_pay: "2026-11-28 20:30:00" }));
    const refund = await provider.refund({ providerPaymentId: "2026112822001400000000000001", amount: 1000, reason: "r", refundKey: "rfk_1" });
    expect(refund).toMatchObject({ status: "succeeded", amount: 1000, providerRefundId: "2026112822001400000000000001:rfk_1" });
    expect(gateway.requests.at(-1)!.biz).toMatchObject({ trade_no: "2026112822001400000000000001", out_request_no: "rfk_1" });
    expect(await provider.getRefund("rfk_1", "2026112822001400000000000001:rfk_1")).toMatchObject({ status: "succeeded", amount: 1000 });
    // Without the trade Alipay cannot be asked: none, and the refund is sent again under the same key.
    expect(await provider.getRefund("rfk_1", null)).toBeNull();
    gateway.replies.set("alipay.trade.fastpay.refund.query", () => ({}));
    expect(await provider.getRefund("rfk_2", "2026112822001400000000000001:rfk_2")).toBeNull();
    gateway.replies.set("alipay.trade.refund", () => ({ fund_change: "N" }));
    expect(await provider.refund({ providerPaymentId: "2026112822001400000000000001", amount: 500, reason: "r", refundKey: "rfk_2" })).toMatchObject({ status: "pending", amount: 500 });
  });

  it("maps a time-out on a write to an unknown outcome and an unreachable gateway to unavailable", async () => {
    const down = new AlipayProvider(testConfig("http://127.0.0.1:1/gateway.do", { appPrivateKey: app.privateKey, alipayPublicKey: alipay.publicKey }));
    const error: unknown = await down.getCharge("ord_1").catch((e: unknown) => e);
    expect(isProviderError(error, "unavailable")).toBe(true);
    gateway.replies.set("alipay.trade.refund", () => ({ raw: "<html>502</html>", status: 502 }));
    const refundError: unknown = await provider.refund({ providerPaymentId: "t", amount: 1, reason: "r", refundKey: "k" }).catch((e: unknown) => e);
    expect(isProviderError(refundError, "unknown_outcome")).toBe(true);
  });

  it("fetches the day's bill: the download URL, then the 业务明细 CSV out of the zip, still GBK", async () => {
    const detail = businessDetailBill("2026-11-27", [["2026112722001400000000000001", "ord_a", "交易", "2026-11-27 10:00:00", "88.80", "88.80", "", "-0.53"]]);
    gateway.files.set("bill.zip", zipOf([
      { name: "20880211096256330156_20261127_业务明细(汇总).csv", data: iconv.encode("#支付宝业务汇总查询\r\n", "gbk") },
      { name: "20880211096256330156_20261127_业务明细.csv", data: detail },
    ]));
    gateway.replies.set("alipay.data.dataservice.bill.downloadurl.query", () => ({ bill_download_url: gateway.url.replace("/gateway.do", "/files/bill.zip") }));
    const chunks: Uint8Array[] = [];
    for await (const chunk of await provider.fetchStatement("2026-11-27")) chunks.push(chunk);
    expect(Buffer.concat(chunks).equals(detail)).toBe(true);
    expect(gateway.requests[0]!.biz).toEqual({ bill_type: "trade", bill_date: "2026-11-27" });

    gateway.replies.set("alipay.data.dataservice.bill.downloadurl.query", () => ({ code: "40004", msg: "Business Failed", sub_code: "isp.bill_not_exist" }));
    const error: unknown = await provider.fetchStatement("2026-11-28").catch((e: unknown) => e);
    expect(isProviderError(error, "rejected") && error.rejection?.status).toBe(422);
  });

  it("refuses a zip without a 业务明细 entry", () => {
    expect(() => businessDetailEntry(zipOf([{ name: "x_业务明细(汇总).csv", data: Buffer.from("x") }]))).toThrow(/no …业务明细.csv entry/);
    expect(() => businessDetailEntry(Buffer.from("PK\x03\x04 not a zip"))).toThrow(/not a readable zip/);
  });
});
