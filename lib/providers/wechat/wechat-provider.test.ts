/**
 * The WeChat Pay adapter's calls against a server that plays WeChat Pay with
 * the wechatpay-axios-plugin SDK: it accepts a request only when the SDK
 * verifies Till's signature over it, and signs its answers with the SDK.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProviderError, type ProviderError } from "@/lib/providers/types";
import { fakeWechatPay, wechatFixture, type Answer, type SeenRequest } from "./wechat-test-support";
import { WechatPayProvider } from "./wechat-provider";

const f = wechatFixture();
let answer: (r: SeenRequest) => Answer | undefined = () => undefined;
let server: Awaited<ReturnType<typeof fakeWechatPay>>;
let provider: WechatPayProvider;
beforeAll(async () => {
  server = await fakeWechatPay(f, (r) => answer(r));
  provider = new WechatPayProvider(f.config(server.url));
});
afterAll(() => server?.close());

const REF = "01JDX5Q7M8N9P0R1S2T3V4W5X6";
const TXN = "4200000001201905238467463000";
const transaction = (trade_state: string, extra: Record<string, unknown> = {}) => ({
  appid: "wxd678efh567hg6787",
  mchid: "1900009191",
  out_trade_no: REF,
  trade_state,
  trade_state_desc: trade_state,
  ...(trade_state === "SUCCESS" || trade_state === "REFUND"
    ? { transaction_id: TXN, success_time: "2026-11-28T12:00:01+08:00", payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" }, amount: { total: 2350, payer_total: 2350, currency: "CNY", payer_currency: "CNY" } }
    : { amount: { payer_currency: "CNY" } }),
  ...extra,
});
const refund = (status: string, extra: Record<string, unknown> = {}) => ({
  refund_id: "50000000382019052709732678859",
  out_refund_no: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA",
  transaction_id: TXN,
  out_trade_no: REF,
  channel: "ORIGINAL",
  user_received_account: "招商银行信用卡0403",
  create_time: "2026-11-28T12:10:00+08:00",
  status,
  funds_account: "AVAILABLE",
  amount: { total: 2350, refund: 500, payer_total: 2350, payer_refund: 500, settlement_refund: 500, settlement_total: 2350, discount_refund: 0, currency: "CNY" },
  ...extra,
});

async function providerErrorOf(call: Promise<unknown>): Promise<ProviderError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isProviderError(error)) throw new Error(`expected a ProviderError, got ${String(error)}`);
  return error;
}

describe("Native payment", () => {
  it("create: a signed POST /v3/pay/transactions/native with out_trade_no, time_expire in RFC 3339, notify_url and fen; code_url is the QR", async () => {
    answer = (r) => (r.method === "POST" && r.url === "/v3/pay/transactions/native" ? { status: 200, body: { code_url: "weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00" } } : undefined);
    const expiresAt = new Date("2026-11-28T04:05:00.000Z");
    const charge = await provider.createCharge({ merchantRef: REF, amount: 2350, currency: "CNY", description: "李雷的咖啡", expiresAt, notifyUrl: "https://till.example/api/webhooks/wechat" });
    expect(charge).toEqual({ providerChargeId: REF, merchantRef: REF, amount: 2350, currency: "CNY", status: "pending", qrContent: "weixin://wxpay/bizpayurl/up?pr=NwY5Mz9&groupid=00", expiresAt, payments: [] });
    const sent = server.seen.at(-1)!;
    expect(sent.signatureValid).toBe(true);
    expect(JSON.parse(sent.body)).toEqual({
      appid: "wxd678efh567hg6787",
      mchid: "1900009191",
      description: "李雷的咖啡",
      out_trade_no: REF,
      time_expire: "2026-11-28T12:05:00+08:00",
      notify_url: "https://till.example/api/webhooks/wechat",
      amount: { total: 2350, currency: "CNY" },
    });
  });

  it("create refuses what WeChat would: another currency, an out_trade_no outside its alphabet", async () => {
    const input = { merchantRef: REF, amount: 100, currency: "CNY", description: "x", expiresAt: new Date(), notifyUrl: "https://till.example/n" };
    expect((await providerErrorOf(provider.createCharge({ ...input, currency: "USD" }))).kind).toBe("rejected");
    expect((await providerErrorOf(provider.createCharge({ ...input, merchantRef: "ab" }))).kind).toBe("rejected");
  });

  it("query by out_trade_no maps every trade_state; a paid one carries its payment; unknown is null", async () => {
    const states = { SUCCESS: "succeeded", REFUND: "succeeded", NOTPAY: "pending", USERPAYING: "pending", CLOSED: "closed", REVOKED: "closed", PAYERROR: "closed" } as const;
    for (const [state, status] of Object.entries(states)) {
      answer = (r) => (r.url === `/v3/pay/transactions/out-trade-no/${REF}?mchid=1900009191` ? { status: 200, body: transaction(state) } : undefined);
      const charge = await provider.getCharge(REF);
      expect(charge?.status, state).toBe(status);
      expect(charge?.payments, state).toEqual(
        status === "succeeded" ? [{ providerPaymentId: TXN, providerChargeId: REF, merchantRef: REF, amount: 2350, currency: "CNY", payer: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", paidAt: new Date("2026-11-28T04:00:01Z") }] : [],
      );
    }
    answer = () => ({ status: 404, body: { code: "ORDER_NOT_EXIST", message: "订单不存在" } });
    expect(await provider.getCharge(REF)).toBeNull();
  });

  it("close: an unpaid order is closed (204); a paid one is left alone; an unknown one is not_found; paid meanwhile is succeeded", async () => {
    let state = "NOTPAY";
    answer = (r) => {
      if (r.method === "GET") return { status: 200, body: transaction(state) };
      if (r.url === `/v3/pay/transactions/out-trade-no/${REF}/close`) {
        expect(JSON.parse(r.body)).toEqual({ mchid: "1900009191" });
        return state === "NOTPAY" ? { status: 204 } : { status: 400, body: { code: "ORDERPAID", message: "订单已支付" } };
      }
      return undefined;
    };
    expect(await provider.closeCharge(REF)).toBe("closed");
    expect(server.seen.at(-1)!.method).toBe("POST");
    state = "SUCCESS";
    const before = server.seen.length;
    expect(await provider.closeCharge(REF)).toBe("succeeded");
    expect(server.seen.length - before).toBe(1);
    answer = (r) => (r.method === "GET" ? { status: 200, body: transaction("NOTPAY") } : { status: 400, body: { code: "ORDERPAID", message: "订单已支付" } });
    expect(await provider.closeCharge(REF)).toBe("succeeded");
    answer = () => ({ status: 404, body: { code: "ORDER_NOT_EXIST", message: "订单不存在" } });
    expect(await provider.closeCharge(REF)).toBe("not_found");
  });
});

describe("refunds", () => {
  it("refund: reads the order total by transaction_id, then POSTs out_refund_no = the refund key, refund and total in fen", async () => {
    answer = (r) => {
      if (r.method === "GET" && r.url === `/v3/pay/transactions/id/${TXN}?mchid=1900009191`) return { status: 200, body: transaction("SUCCESS") };
      if (r.method === "POST" && r.url === "/v3/refund/domestic/refunds") return { status: 200, body: refund("PROCESSING") };
      return undefined;
    };
    const result = await provider.refund({ providerPaymentId: TXN, amount: 500, reason: "customer_request", refundKey: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA" });
    expect(result).toEqual({ providerRefundId: "50000000382019052709732678859", providerPaymentId: TXN, refundKey: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA", amount: 500, currency: "CNY", status: "pending", failureReason: null, settledAt: null });
    expect(JSON.parse(server.seen.at(-1)!.body)).toEqual({
      transaction_id: TXN,
      out_refund_no: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA",
      reason: "customer_request",
      notify_url: "https://till.example/api/webhooks/wechat",
      amount: { refund: 500, total: 2350, currency: "CNY" },
    });
  });

  it("refund query by out_refund_no maps SUCCESS, PROCESSING, CLOSED and ABNORMAL; unknown is null", async () => {
    const states = { SUCCESS: "succeeded", PROCESSING: "pending", CLOSED: "failed", ABNORMAL: "failed" } as const;
    for (const [state, status] of Object.entries(states)) {
      answer = (r) => (r.url === "/v3/refund/domestic/refunds/rf_01JDX6AAAAAAAAAAAAAAAAAAAA" ? { status: 200, body: refund(state, state === "SUCCESS" ? { success_time: "2026-11-28T12:10:05+08:00" } : {}) } : undefined);
      const r = await provider.getRefund("rf_01JDX6AAAAAAAAAAAAAAAAAAAA");
      expect(r?.status, state).toBe(status);
      expect(r?.failureReason, state).toBe(status === "failed" ? state : null);
      expect(r?.settledAt, state).toEqual(state === "SUCCESS" ? new Date("2026-11-28T04:10:05Z") : null);
    }
    answer = () => ({ status: 404, body: { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" } });
    expect(await provider.getRefund("rf_none")).toBeNull();
  });

  it("a refund above what is left is rejected with WeChat's code; a payment WeChat does not know is rejected", async () => {
    answer = (r) => (r.method === "GET" ? { status: 200, body: transaction("SUCCESS") } : { status: 403, body: { code: "NOT_ENOUGH", message: "余额不足" } });
    const error = await providerErrorOf(provider.refund({ providerPaymentId: TXN, amount: 99999, reason: "x", refundKey: "rf_1" }));
    expect(error.kind).toBe("rejected");
    expect(error.rejection).toEqual({ status: 403, code: "NOT_ENOUGH" });
    answer = () => undefined;
    expect((await providerErrorOf(provider.refund({ providerPaymentId: "42nope", amount: 1, reason: "x", refundKey: "rf_2" }))).rejection?.code).toBe("ORDER_NOT_EXIST");
  });
});

describe("answers Till does not believe, and failures", () => {
  it("an answer whose signature does not verify, or that has none: unknown outcome for a write, unavailable for a read", async () => {
    answer = () => ({ status: 200, body: { code_url: "weixin://wxpay/bizpayurl/up?pr=forged" }, signed: "bad" });
    const input = { merchantRef: REF, amount: 100, currency: "CNY", description: "x", expiresAt: new Date(), notifyUrl: "https://till.example/n" };
    expect((await providerErrorOf(provider.createCharge(input))).kind).toBe("unknown_outcome");
    answer = () => ({ status: 200, body: transaction("SUCCESS"), signed: "none" });
    expect((await providerErrorOf(provider.getCharge(REF))).kind).toBe("unavailable");
  });

  it("an answer signed too long ago is not believed", async () => {
    const stale = new WechatPayProvider(f.config(server.url, () => new Date(Date.now() + 301_000)));
    answer = () => ({ status: 200, body: transaction("NOTPAY") });
    expect((await providerErrorOf(stale.getCharge(REF))).message).toMatch(/±300 s/);
  });

  it("SYSTEM_ERROR (500) after a write is an unknown outcome; a rate limit is unavailable; PARAM_ERROR is rejected; a bad signature of Till's is SIGN_ERROR", async () => {
    const input = { merchantRef: REF, amount: 100, currency: "CNY", description: "x", expiresAt: new Date(), notifyUrl: "https://till.example/n" };
    answer = () => ({ status: 500, body: { code: "SYSTEM_ERROR", message: "系统错误" } });
    expect((await providerErrorOf(provider.createCharge(input))).kind).toBe("unknown_outcome");
    expect((await providerErrorOf(provider.getCharge(REF))).kind).toBe("unavailable");
    answer = () => ({ status: 429, body: { code: "FREQUENCY_LIMITED", message: "频率超限" } });
    expect((await providerErrorOf(provider.createCharge(input))).kind).toBe("unavailable");
    answer = () => ({ status: 400, body: { code: "PARAM_ERROR", message: "参数错误", detail: { field: "/amount/currency", value: "XYZ", issue: "Currency code is invalid", location: "body" } } });
    expect((await providerErrorOf(provider.createCharge(input))).rejection).toEqual({ status: 400, code: "PARAM_ERROR" });
    const wrongKey = new WechatPayProvider({ ...f.config(server.url), merchantPrivateKeyPem: wechatFixture().merchant.privatePem });
    expect((await providerErrorOf(wrongKey.getCharge(REF))).rejection).toEqual({ status: 401, code: "SIGN_ERROR" });
  });

  it("WeChat Pay unreachable: unavailable", async () => {
    const nowhere = new WechatPayProvider(f.config("http://127.0.0.1:9"));
    expect((await providerErrorOf(nowhere.getCharge(REF))).kind).toBe("unavailable");
  });
});

describe("the trade bill", () => {
  const bill = "\uFEFF交易时间,公众账号ID\r\n`2026-11-27 10:00:00,`wx\r\n";
  const sha1 = createHash("sha1").update(bill).digest("hex");
  const collect = async (chunks: AsyncIterable<Uint8Array>) => {
    const parts: Buffer[] = [];
    for await (const c of chunks) parts.push(Buffer.from(c));
    return Buffer.concat(parts).toString("utf8");
  };

  it("GET /v3/bill/tradebill (ALL) then a signed GET of download_url; the file's SHA-1 is checked", async () => {
    let hash = sha1;
    answer = (r) => {
      if (r.url === "/v3/bill/tradebill?bill_date=2026-11-27&bill_type=ALL") return { status: 200, body: { hash_type: "SHA1", hash_value: hash.toUpperCase(), download_url: `${server.url}/v3/billdownload/file?token=6XIv5TUPto7pByrTQKhd6kwvyKLG2uY2wMMR8cNXqaA_Cv_isgaUtBzp4QtiozLO` } };
      if (r.url.startsWith("/v3/billdownload/file?token=")) return { status: 200, raw: bill, signed: "none", headers: { "content-type": "application/octet-stream" } };
      return undefined;
    };
    expect(await collect(await provider.fetchStatement("2026-11-27"))).toBe(bill);
    expect(server.seen.at(-1)!.signatureValid).toBe(true);
    hash = createHash("sha1").update("another file").digest("hex");
    const error = await providerErrorOf(provider.fetchStatement("2026-11-27").then(collect));
    expect(error.message).toMatch(/SHA-1/);
  });

  it("no bill for the day (yet): rejected as 422, which the statement fetcher reads as not available", async () => {
    answer = () => ({ status: 400, body: { code: "NO_STATEMENT_EXIST", message: "账单不存在" } });
    expect((await providerErrorOf(provider.fetchStatement("2026-11-27"))).rejection).toEqual({ status: 422, code: "NO_STATEMENT_EXIST" });
  });
});
