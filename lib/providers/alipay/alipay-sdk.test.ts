/**
 * Till's RSA2 signing and verification against Alipay's own Node.js SDK
 * (alipay-sdk): what the SDK signs Till accepts, what Till signs the SDK
 * accepts, and a notification Alipay really sent (from the SDK's test suite,
 * with the public key it was checked with) verifies.
 */
import { AlipaySdk } from "alipay-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isNotificationRejected, isProviderError } from "@/lib/providers/types";
import { APP_ID, rsaKeyPair, signedAnswer, startTestGateway, testConfig, type TestGateway } from "./alipay-test-support";
import { gatewayCall } from "./gateway";
import { verifyAlipayNotification } from "./notifications";
import { rsa2Verify, signContent, signedResponseText } from "./signature";
import { fromChinaTime } from "./time";

const app = rsaKeyPair();
const alipay = rsaKeyPair();
const keys = { appPrivateKey: app.privateKey, alipayPublicKey: alipay.publicKey };

/** Alipay's notification of a real payment (alipay-sdk's test suite, "verify sign should delete sign_type"). */
const REAL_NOTIFY = {
  gmt_create: "2019-08-15 15:56:22",
  charset: "utf-8",
  seller_email: "z97-yuquerevenue@service.aliyun.com",
  subject: "语雀空间 500人规模",
  sign: "QfTb8tqE1BMhS5qAnXtvsF3/jBkEvu9q9en0pdbBUDDjvKycZhQb7h8GDs4FKfi049PynaNuatxSgLb/nLWZpXyyh0LEWdK2S6Ri7nPwrVgOs08zugLO20vOQz44y3ti2Ncm8/wZts1Fr2gZ7pShnVX3d1B50hbsXnObT1r/U8ONNQjWXd0HIul4TG+Q3fm3svmSvFEy0WnzuhcyHPX5Gm4ELNctL6Qd5YniGJFNcc7kopHYtI/XD9YCKCH6Ct02rzUs9i11C9CsadtZn+WhxF26Dqt9sGEFajkJ8cxUTLi8+VCpLHsgPE8P0y095uQcDdK0YjCh4x7wVSov+lrmOQ==",
  buyer_id: "2088102534368455",
  invoice_amount: "0.10",
  notify_id: "2019081500222155624068450559358070",
  fund_bill_list: '[{"amount":"0.10","fundChannel":"ALIPAYACCOUNT"}]',
  notify_type: "trade_status_sync",
  trade_status: "TRADE_SUCCESS",
  receipt_amount: "0.10",
  buyer_pay_amount: "0.10",
  sign_type: "RSA2",
  app_id: "2019073166072302",
  seller_id: "2088531891668739",
  gmt_payment: "2019-08-15 15:56:24",
  notify_time: "2019-08-15 15:56:25",
  version: "1.0",
  out_trade_no: "20190815155618536-564-57",
  total_amount: "0.10",
  trade_no: "2019081522001468450512505578",
  auth_app_id: "2019073166072302",
  buyer_logon_id: "xud***@126.com",
  point_amount: "0.00",
};
const REAL_NOTIFY_KEY = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqObrdC7hrgAVM98tK0nv3hSQRGGKT4lBsQjHiGjeYZjOPIPHR5knm2jnnz/YGIXIofVHkA/tAlBAd5DrY7YpvI4tP5EONLtZKC2ghBMx7McI2wRD0xiqzxOQr1FuhZGJ8/AUokBzJrzY+aGX2xcOrxFYRlFilvVLTXg4LWjR1tdPkO6+i7wQZAIVMClPkwVRZEbaERRHlKqTzv2gGv5rDU8gRoe1LeaN+6BlbTqHWkQcNCUNrA8C6l17XAXGKDsm/9TFWwO8EPHHHCaQdjtV5/FdcWIt+L8SR1ss7EXTjYDFtxcKVv9rEoY1lX8T4mX+GbXfZHraG5NCF1+XioL5JwIDAQAB
-----END PUBLIC KEY-----`;

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();

/** Changes one byte of a form body's value of `key`. */
function tamper(params: Record<string, string>, key: string): Record<string, string> {
  const value = params[key]!;
  const last = value.at(-1) === "1" ? "2" : "1";
  return { ...params, [key]: value.slice(0, -1) + last };
}

describe("Alipay notifications", () => {
  it("accepts the notification Alipay sent for a real payment, and reads the payment", () => {
    const config = { ...testConfig("http://unused", keys, () => fromChinaTime("2019-08-15 15:56:30")!), appId: REAL_NOTIFY.app_id, alipayPublicKeyPem: REAL_NOTIFY_KEY };
    const verified = verifyAlipayNotification(config, form(REAL_NOTIFY));
    expect(verified.ack).toEqual({ status: 200, body: "success", contentType: "text/plain; charset=utf-8" });
    expect(verified.events).toEqual([
      {
        kind: "payment.succeeded",
        eventId: "2019081500222155624068450559358070",
        payment: {
          providerPaymentId: "2019081522001468450512505578",
          providerChargeId: "20190815155618536-564-57",
          merchantRef: "20190815155618536-564-57",
          amount: 10,
          currency: "CNY",
          payer: "xud***@126.com",
          paidAt: new Date("2019-08-15T07:56:24Z"),
        },
      },
    ]);
    // Alipay's own SDK agrees on the same message and key.
    expect(new AlipaySdk({ appId: REAL_NOTIFY.app_id, privateKey: app.privateKey, keyType: "PKCS8", alipayPublicKey: REAL_NOTIFY_KEY }).checkNotifySignV2(REAL_NOTIFY)).toBe(true);
  });

  it.each(["total_amount", "out_trade_no", "trade_status", "sign"])("refuses the real notification with one byte of %s changed", (key) => {
    const config = { ...testConfig("http://unused", keys, () => fromChinaTime("2019-08-15 15:56:30")!), appId: REAL_NOTIFY.app_id, alipayPublicKeyPem: REAL_NOTIFY_KEY };
    const body = key === "trade_status" ? { ...REAL_NOTIFY, trade_status: "TRADE_FINISHEX" } : tamper(REAL_NOTIFY, key);
    expect(() => verifyAlipayNotification(config, form(body))).toThrow(/signature/);
  });

  it("refuses the real notification a day and more after Alipay stopped resending it, and for another app", () => {
    const late = { ...testConfig("http://unused", keys, () => fromChinaTime("2019-08-16 18:00:00")!), appId: REAL_NOTIFY.app_id, alipayPublicKeyPem: REAL_NOTIFY_KEY };
    expect(() => verifyAlipayNotification(late, form(REAL_NOTIFY))).toThrow(/window/);
    const other = { ...testConfig("http://unused", keys, () => fromChinaTime("2019-08-15 15:56:30")!), alipayPublicKeyPem: REAL_NOTIFY_KEY };
    expect(() => verifyAlipayNotification(other, form(REAL_NOTIFY))).toThrow(/another app/);
  });

  it("accepts a notification the SDK signed with Alipay's key, and refuses it tampered in one byte", () => {
    // The SDK signs as Alipay's servers sign (RSA2 over the sorted parameters); here it holds "Alipay's" key.
    const asAlipay = new AlipaySdk({ appId: APP_ID, privateKey: alipay.privateKey, keyType: "PKCS8" });
    const signed = asAlipay.sdkExecute(
      "alipay.trade.query",
      {
        notifyTime: "2026-11-28 20:00:05",
        notifyType: "trade_status_sync",
        notifyId: "2026112800222200000000000000000001",
        tradeNo: "2026112822001400000000000001",
        outTradeNo: "ord_01HZX",
        tradeStatus: "TRADE_SUCCESS",
        totalAmount: "88.80",
        gmtPayment: "2026-11-28 20:00:04",
        buyerLogonId: "138****0000",
      },
      { bizContentAutoSnakeCase: true },
    );
    const config = testConfig("http://unused", keys, () => new Date("2026-11-28T12:00:10Z"));
    const verified = verifyAlipayNotification(config, signed);
    expect(verified.events[0]).toMatchObject({ kind: "payment.succeeded", payment: { amount: 8880, providerPaymentId: "2026112822001400000000000001", merchantRef: "ord_01HZX", paidAt: new Date("2026-11-28T12:00:04Z") } });

    const params = Object.fromEntries(new URLSearchParams(signed));
    expect(() => verifyAlipayNotification(config, form(tamper(params, "total_amount")))).toThrow(/signature/);
    const tamperedBytes = signed.replace("88.80", "88.81");
    expect(tamperedBytes).not.toBe(signed);
    try {
      verifyAlipayNotification(config, tamperedBytes);
      expect.unreachable();
    } catch (error) {
      expect(isNotificationRejected(error)).toBe(true);
    }
  });

  it("stores a refund's notification as unknown (it carries only the trade's cumulative refund_fee), and reads a payment with refund_fee 0.00", () => {
    const asAlipay = new AlipaySdk({ appId: APP_ID, privateKey: alipay.privateKey, keyType: "PKCS8" });
    const base = { notifyTime: "2026-11-28 20:40:00", notifyType: "trade_status_sync", tradeNo: "2026112822001400000000000001", outTradeNo: "ord_01HZX", totalAmount: "88.80", gmtPayment: "2026-11-28 20:00:04" };
    const config = testConfig("http://unused", keys, () => new Date("2026-11-28T12:40:10Z"));
    const refund = asAlipay.sdkExecute("alipay.trade.query", { ...base, notifyId: "n_refund", tradeStatus: "TRADE_SUCCESS", outBizNo: "rfk_1", refundFee: "10.00", gmtRefund: "2026-11-28 20:39:59" });
    expect(verifyAlipayNotification(config, refund).events).toEqual([{ kind: "unknown", eventId: "n_refund", type: "TRADE_SUCCESS:refund" }]);
    const closed = asAlipay.sdkExecute("alipay.trade.query", { ...base, notifyId: "n_closed", tradeStatus: "TRADE_CLOSED" });
    expect(verifyAlipayNotification(config, closed).events).toEqual([{ kind: "unknown", eventId: "n_closed", type: "TRADE_CLOSED" }]);
    const paid = asAlipay.sdkExecute("alipay.trade.query", { ...base, notifyId: "n_paid", tradeStatus: "TRADE_FINISHED", refundFee: "0.00" });
    expect(verifyAlipayNotification(config, paid).events).toMatchObject([{ kind: "payment.succeeded", eventId: "n_paid", payment: { amount: 8880 } }]);
  });

  it("refuses a notification signed with another key, and one without a signature", () => {
    const stranger = rsaKeyPair();
    const signed = new AlipaySdk({ appId: APP_ID, privateKey: stranger.privateKey, keyType: "PKCS8" }).sdkExecute("alipay.trade.query", {
      notifyTime: "2026-11-28 20:00:05",
      notifyId: "n1",
      tradeStatus: "TRADE_SUCCESS",
    });
    const config = testConfig("http://unused", keys, () => new Date("2026-11-28T12:00:10Z"));
    expect(() => verifyAlipayNotification(config, signed)).toThrow(/signature/);
    const unsigned = Object.fromEntries([...new URLSearchParams(signed)].filter(([k]) => k !== "sign"));
    expect(() => verifyAlipayNotification(config, form(unsigned))).toThrow(/no sign/);
  });
});

describe("requests Till signs", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ appPublicKey: app.publicKey, alipayPrivateKey: alipay.privateKey });
  });
  afterAll(() => gateway.close());

  it("are accepted by the SDK's verifier with the app's public key, and not when one byte changes", async () => {
    gateway.replies.set("alipay.trade.precreate", (r) => ({ out_trade_no: r.biz.out_trade_no, qr_code: "https://qr.alipay.com/bax00000" }));
    await gatewayCall(testConfig(gateway.url, keys), {
      method: "alipay.trade.precreate",
      write: true,
      notifyUrl: "https://shop.example/api/webhooks/alipay",
      bizContent: { out_trade_no: "ord_1", total_amount: "88.80", subject: "两杯咖啡 & 一块蛋糕" },
    });
    const sent = gateway.requests.at(-1)!.params;
    const sdk = new AlipaySdk({ appId: APP_ID, privateKey: app.privateKey, keyType: "PKCS8", alipayPublicKey: app.publicKey });
    expect(sdk.checkNotifySignV2(sent)).toBe(true);
    expect(sdk.checkNotifySignV2({ ...sent, biz_content: sent.biz_content!.replace("88.80", "88.81") })).toBe(false);
    expect(sent).toMatchObject({ app_id: APP_ID, method: "alipay.trade.precreate", charset: "utf-8", sign_type: "RSA2", version: "1.0", format: "JSON", notify_url: "https://shop.example/api/webhooks/alipay" });
  });

  it("are canonicalised as the SDK canonicalises: Till verifies what the SDK signed with the app's key", () => {
    const sdk = new AlipaySdk({ appId: APP_ID, privateKey: app.privateKey, keyType: "PKCS8" });
    const signed = Object.fromEntries(new URLSearchParams(sdk.sdkExecute("alipay.trade.refund", { bizContent: { tradeNo: "2026112822001400000000000001", refundAmount: "0.01", outRequestNo: "rfk_1" }, notifyUrl: "https://shop.example/n?a=1&b=2" })));
    expect(rsa2Verify(signContent(signed), signed.sign!, app.publicKey)).toBe(true);
    expect(rsa2Verify(signContent({ ...signed, notify_url: "https://shop.example/n?a=1&b=3" }), signed.sign!, app.publicKey)).toBe(false);
  });
});

describe("answers the gateway signs", () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ appPublicKey: app.publicKey, alipayPrivateKey: alipay.privateKey });
  });
  afterAll(() => gateway.close());

  it("are verified over the exact text of <method>_response, as the SDK extracts it", () => {
    const raw = signedAnswer("alipay_trade_precreate_response", { code: "10000", msg: "Success", out_trade_no: "6823789339978248", qr_code: "https://qr.alipay.com/bavh4wjlxf12tper3a" }, alipay.privateKey);
    const sign = (JSON.parse(raw) as { sign: string }).sign;
    const sdk = new AlipaySdk({ appId: APP_ID, privateKey: app.privateKey, keyType: "PKCS8", alipayPublicKey: alipay.publicKey });
    expect(() => sdk.checkResponseSign(raw, "alipay_trade_precreate_response", sign, "")).not.toThrow();
    expect(signedResponseText(raw, "alipay_trade_precreate_response")).toBe(sdk.getSignStr(raw, "alipay_trade_precreate_response"));
    // Escapes and spacing stay as sent: a re-serialised object would not verify.
    const escaped = `{"alipay_trade_query_response" : {"code":"10000","msg":"Success","subject":"\\u4e24\\u676f \\"}\\" {"},"sign":"x"}`;
    expect(signedResponseText(escaped, "alipay_trade_query_response")).toBe(`{"code":"10000","msg":"Success","subject":"\\u4e24\\u676f \\"}\\" {"}`);
  });

  it("are refused when tampered, unsigned or signed by another key, as an unknown outcome for a write", async () => {
    const config = testConfig(gateway.url, keys);
    const good = signedAnswer("alipay_trade_precreate_response", { code: "10000", msg: "Success", out_trade_no: "ord_2", qr_code: "https://qr.alipay.com/bax1" }, alipay.privateKey);
    const stranger = rsaKeyPair();
    const answers = [
      good.replace("bax1", "bax2"),
      good.replace(/,"sign":"[^"]+"/, ""),
      signedAnswer("alipay_trade_precreate_response", { code: "10000", msg: "Success", out_trade_no: "ord_2", qr_code: "https://qr.alipay.com/bax1" }, stranger.privateKey),
    ];
    for (const raw of answers) {
      gateway.replies.set("alipay.trade.precreate", () => ({ raw }));
      const error: unknown = await gatewayCall(config, { method: "alipay.trade.precreate", write: true, bizContent: { out_trade_no: "ord_2" } }).catch((e: unknown) => e);
      expect(isProviderError(error, "unknown_outcome")).toBe(true);
    }
    gateway.replies.set("alipay.trade.precreate", () => ({ raw: good }));
    await expect(gatewayCall(config, { method: "alipay.trade.precreate", write: true, bizContent: { out_trade_no: "ord_2" } })).resolves.toMatchObject({ qr_code: "https://qr.alipay.com/bax1" });
  });

  it("with a business error are a rejection naming Alipay's sub_code", async () => {
    gateway.replies.delete("alipay.trade.close");
    const error: unknown = await gatewayCall(testConfig(gateway.url, keys), { method: "alipay.trade.close", write: true, bizContent: { out_trade_no: "nobody" } }).catch((e: unknown) => e);
    expect(isProviderError(error, "rejected") && error.rejection).toEqual({ status: 422, code: "ACQ.TRADE_NOT_EXIST" });
  });
});
