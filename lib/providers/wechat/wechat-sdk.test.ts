/**
 * Till's WeChat Pay cryptography against an independent implementation, the
 * wechatpay-axios-plugin SDK: request signatures the SDK verifies and would
 * have produced byte for byte, AEAD_AES_256_GCM both ways, notifications the
 * SDK signed and encrypted, and the documentation's own samples as vectors.
 */
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { describe, expect, it } from "vitest";
import { isNotificationRejected, type ProviderEvent } from "@/lib/providers/types";
import { decryptResource, encryptResource } from "./aead";
import { wechatPayKeys } from "./config";
import { verifyWechatNotification, WECHAT_ACK } from "./notifications";
import { authorizationHeader, requestMessage, responseMessage } from "./signing";
import { authorizationParts, sdkNotificationBody, sdkSignedHeaders, wechatFixture } from "./wechat-test-support";

const f = wechatFixture();
const NOW = new Date("2026-11-28T04:00:00Z");
const config = f.config("https://api.mch.weixin.qq.com", () => NOW);
const keys = wechatPayKeys(config);

const verify = (body: string, headers: Record<string, string>) => verifyWechatNotification(config, keys, body, new Headers(headers));
const rejection = (body: string, headers: Record<string, string>): string => {
  try {
    verify(body, headers);
  } catch (error) {
    if (isNotificationRejected(error)) return error.reason;
    throw error;
  }
  throw new Error("the notification was accepted");
};
const onlyEvent = (events: ProviderEvent[]): ProviderEvent => {
  expect(events).toHaveLength(1);
  return events[0]!;
};

/** The transaction of the notification documentation (WJS), out_trade_no shortened to a Till reference. */
const docTransaction = {
  mchid: "1900009191",
  appid: "wxd678efh567hg6787",
  out_trade_no: "01JDX5Q7M8N9P0R1S2T3V4W5X6",
  transaction_id: "4200000001201905238467463000",
  trade_type: "NATIVE",
  trade_state: "SUCCESS",
  trade_state_desc: "支付成功",
  bank_type: "OTHERS",
  attach: "",
  success_time: "2018-06-08T10:34:56+08:00",
  payer: { openid: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" },
  amount: { total: 2350, payer_total: 2350, currency: "CNY", payer_currency: "CNY" },
};

describe("request signatures", () => {
  it("the documentation's signing string, built the same by Till and by the SDK", () => {
    const expected = "GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n";
    expect(requestMessage("GET", "/v3/certificates", "1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", "")).toBe(expected);
    expect(Formatter.request("GET", "/v3/certificates", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242")).toBe(expected);
    expect(responseMessage("1554208460", "593BEC0C930BF1AFEB40B4A08C8FB242", "")).toBe(Formatter.response(1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", ""));
  });

  it("Till's Authorization verifies with the SDK and is the signature the SDK makes for the same request", () => {
    const body = JSON.stringify({ mchid: "1900009191", out_trade_no: "01JDX5Q7M8N9P0R1S2T3V4W5X6", description: "李雷的咖啡 ×2", amount: { total: 2350, currency: "CNY" } });
    const header = authorizationHeader(
      { mchid: "1900009191", merchantSerial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", merchantPrivateKey: f.merchant.privateKey },
      { method: "POST", pathAndQuery: "/v3/pay/transactions/native", body, timestamp: 1554208460, nonce: "593BEC0C930BF1AFEB40B4A08C8FB242" },
    );
    const parts = authorizationParts(header);
    expect(parts).toMatchObject({ mchid: "1900009191", nonce_str: "593BEC0C930BF1AFEB40B4A08C8FB242", timestamp: "1554208460", serial_no: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" });
    const message = Formatter.request("POST", "/v3/pay/transactions/native", 1554208460, "593BEC0C930BF1AFEB40B4A08C8FB242", body);
    expect(Rsa.verify(message, parts.signature!, f.merchant.publicKey)).toBe(true);
    // RSASSA-PKCS1-v1_5 is deterministic: the same key and message give the same signature.
    expect(parts.signature).toBe(Rsa.sign(message, f.merchant.privateKey));
    // A body differing in one byte is not what was signed.
    expect(Rsa.verify(message.replace("2350", "2351"), parts.signature!, f.merchant.publicKey)).toBe(false);
  });

  it("a GET signs an empty body line, and the query string is part of the URL line", () => {
    const header = authorizationHeader(
      { mchid: "1900009191", merchantSerial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C", merchantPrivateKey: f.merchant.privateKey },
      { method: "GET", pathAndQuery: "/v3/pay/transactions/out-trade-no/01JDX5?mchid=1900009191", body: "", timestamp: 1700000000, nonce: "n0nce" },
    );
    const message = Formatter.request("GET", "/v3/pay/transactions/out-trade-no/01JDX5?mchid=1900009191", 1700000000, "n0nce");
    expect(Rsa.verify(message, authorizationParts(header).signature!, f.merchant.publicKey)).toBe(true);
  });
});

describe("AEAD_AES_256_GCM with the APIv3 key", () => {
  const plaintext = JSON.stringify(docTransaction);

  it("what Till encrypts, the SDK decrypts; what the SDK encrypts, Till decrypts", () => {
    const mine = encryptResource(plaintext, f.apiV3Key, "transaction");
    expect(Aes.AesGcm.decrypt(mine.ciphertext, f.apiV3Key, mine.nonce, "transaction")).toBe(plaintext);
    const theirs = Aes.AesGcm.encrypt(plaintext, f.apiV3Key, "a1b2c3d4e5f6", "");
    expect(decryptResource({ algorithm: "AEAD_AES_256_GCM", ciphertext: theirs, nonce: "a1b2c3d4e5f6", associated_data: "" }, f.apiV3Key)).toBe(plaintext);
    // The documentation shows associated_data "" and real captures "transaction": neither is assumed.
    expect(decryptResource({ algorithm: "AEAD_AES_256_GCM", ciphertext: theirs, nonce: "a1b2c3d4e5f6", associated_data: null }, f.apiV3Key)).toBe(plaintext);
    // Same key, nonce and AAD: the same bytes as the SDK's.
    expect(encryptResource(plaintext, f.apiV3Key, "", "a1b2c3d4e5f6").ciphertext).toBe(theirs);
  });

  it("one byte changed in the ciphertext or tag, another AAD or another key: refused", () => {
    const theirs = Aes.AesGcm.encrypt(plaintext, f.apiV3Key, "a1b2c3d4e5f6", "transaction");
    const bytes = Buffer.from(theirs, "base64");
    for (const at of [0, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 0x01;
      expect(() => decryptResource({ algorithm: "AEAD_AES_256_GCM", ciphertext: tampered.toString("base64"), nonce: "a1b2c3d4e5f6", associated_data: "transaction" }, f.apiV3Key)).toThrow();
    }
    expect(() => decryptResource({ algorithm: "AEAD_AES_256_GCM", ciphertext: theirs, nonce: "a1b2c3d4e5f6", associated_data: "refund" }, f.apiV3Key)).toThrow();
    expect(() => decryptResource({ algorithm: "AEAD_AES_256_GCM", ciphertext: theirs, nonce: "a1b2c3d4e5f6", associated_data: "transaction" }, "0".repeat(32))).toThrow();
    expect(() => decryptResource({ algorithm: "AES_256_CBC", ciphertext: theirs, nonce: "a1b2c3d4e5f6" }, f.apiV3Key)).toThrow(/unsupported/);
  });
});

describe("notifications signed and encrypted by the SDK", () => {
  const paymentBody = () => sdkNotificationBody(f, { id: "EV-2018022511223320873", eventType: "TRANSACTION.SUCCESS", resource: docTransaction });

  it("the documentation's TRANSACTION.SUCCESS notification is accepted and read as the payment it announces", () => {
    const body = paymentBody();
    const verified = verify(body, sdkSignedHeaders(f, body, { at: NOW }));
    expect(verified.ack).toEqual(WECHAT_ACK);
    expect(verified.ack.status).toBe(200);
    expect(onlyEvent(verified.events)).toEqual({
      kind: "payment.succeeded",
      eventId: "EV-2018022511223320873",
      payment: {
        providerPaymentId: "4200000001201905238467463000",
        providerChargeId: "01JDX5Q7M8N9P0R1S2T3V4W5X6",
        merchantRef: "01JDX5Q7M8N9P0R1S2T3V4W5X6",
        amount: 2350,
        currency: "CNY",
        payer: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o",
        paidAt: new Date("2018-06-08T02:34:56Z"),
      },
    });
  });

  it("refund notifications: SUCCESS, ABNORMAL and CLOSED become settled refunds of the payment", () => {
    const cases = [
      ["REFUND.SUCCESS", "SUCCESS", "succeeded", null],
      ["REFUND.ABNORMAL", "ABNORMAL", "failed", "ABNORMAL"],
      ["REFUND.CLOSED", "CLOSED", "failed", "CLOSED"],
    ] as const;
    for (const [eventType, refundStatus, status, failureReason] of cases) {
      const resource = {
        mchid: "1900000100",
        out_trade_no: "01JDX5Q7M8N9P0R1S2T3V4W5X6",
        transaction_id: "4200000001201905238467463000",
        out_refund_no: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA",
        refund_id: "50000000382019052709732678859",
        refund_status: refundStatus,
        ...(refundStatus === "SUCCESS" ? { success_time: "2018-06-08T10:34:56+08:00" } : {}),
        user_received_account: "招商银行信用卡0403",
        amount: { total: 2350, refund: 500, payer_total: 2350, payer_refund: 500 },
      };
      const body = sdkNotificationBody(f, { id: `EV-${refundStatus}`, eventType, resource, originalType: "refund" });
      expect(onlyEvent(verify(body, sdkSignedHeaders(f, body, { at: NOW })).events)).toEqual({
        kind: "refund.settled",
        eventId: `EV-${refundStatus}`,
        merchantRef: "01JDX5Q7M8N9P0R1S2T3V4W5X6",
        refund: {
          providerRefundId: "50000000382019052709732678859",
          providerPaymentId: "4200000001201905238467463000",
          refundKey: "rf_01JDX6AAAAAAAAAAAAAAAAAAAA",
          amount: 500,
          currency: "CNY",
          status,
          failureReason,
          settledAt: refundStatus === "SUCCESS" ? new Date("2018-06-08T02:34:56Z") : null,
        },
      });
    }
  });

  it("a body changed in any one byte is refused, as is a changed signature", () => {
    const body = paymentBody();
    const headers = sdkSignedHeaders(f, body, { at: NOW });
    const bytes = Buffer.from(body, "utf8");
    for (const at of [0, Math.floor(bytes.length / 2), bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[at] = tampered[at]! ^ 0x01;
      expect(tampered.toString("utf8")).not.toBe(body);
      expect(rejection(tampered.toString("utf8"), headers)).toBe("signature verification failed");
    }
    expect(rejection(`${body}\n`, headers)).toBe("signature verification failed");
    const signature = Buffer.from(headers["wechatpay-signature"]!, "base64");
    signature[10] = signature[10]! ^ 0x01;
    expect(rejection(body, { ...headers, "wechatpay-signature": signature.toString("base64") })).toBe("signature verification failed");
    expect(rejection(body, { ...headers, "wechatpay-nonce": `${headers["wechatpay-nonce"]}x` })).toBe("signature verification failed");
  });

  it("stale or early by more than 300 s is refused; within 300 s is accepted", () => {
    const body = paymentBody();
    expect(rejection(body, sdkSignedHeaders(f, body, { at: new Date(NOW.getTime() - 301_000) }))).toMatch(/±300 s/);
    expect(rejection(body, sdkSignedHeaders(f, body, { at: new Date(NOW.getTime() + 301_000) }))).toMatch(/±300 s/);
    expect(verify(body, sdkSignedHeaders(f, body, { at: new Date(NOW.getTime() - 299_000) })).events).toHaveLength(1);
    expect(verify(body, sdkSignedHeaders(f, body, { at: new Date(NOW.getTime() + 299_000) })).events).toHaveLength(1);
  });

  it("another key's serial, a missing header, a signature probe, another platform key: refused", () => {
    const body = paymentBody();
    const headers = sdkSignedHeaders(f, body, { at: NOW });
    expect(rejection(body, { ...headers, "wechatpay-serial": "PUB_KEY_ID_0000000000000000000000000000000000" })).toMatch(/not the WeChat Pay key/);
    for (const name of ["wechatpay-timestamp", "wechatpay-nonce", "wechatpay-signature", "wechatpay-serial"]) {
      const without = { ...headers };
      delete without[name];
      expect(rejection(body, without)).toMatch(/missing/);
    }
    expect(rejection(body, { ...headers, "wechatpay-signature": `WECHATPAY/SIGNTEST/${headers["wechatpay-signature"]}` })).toMatch(/probe/);
    const other = wechatFixture();
    const forged = sdkSignedHeaders({ ...other, publicKeyId: f.publicKeyId }, body, { at: NOW });
    expect(rejection(body, forged)).toBe("signature verification failed");
  });

  it("signed but encrypted with another APIv3 key: refused, so that WeChat retries while the key is fixed", () => {
    const body = sdkNotificationBody({ ...f, apiV3Key: "k".repeat(32) }, { id: "EV-1", eventType: "TRANSACTION.SUCCESS", resource: docTransaction });
    expect(rejection(body, sdkSignedHeaders(f, body, { at: NOW }))).toMatch(/decrypted/);
  });

  it("signed events Till does not act on are kept as unknown: another type, a transaction not paid, a body that is not JSON", () => {
    const closed = sdkNotificationBody(f, { id: "EV-2", eventType: "TRANSACTION.CLOSED", resource: { ...docTransaction, trade_state: "CLOSED" } });
    expect(onlyEvent(verify(closed, sdkSignedHeaders(f, closed, { at: NOW })).events)).toEqual({ kind: "unknown", eventId: "EV-2", type: "TRANSACTION.CLOSED" });
    const odd = sdkNotificationBody(f, { id: "EV-3", eventType: "TRANSACTION.SUCCESS", resource: { ...docTransaction, amount: undefined } });
    expect(onlyEvent(verify(odd, sdkSignedHeaders(f, odd, { at: NOW })).events)).toEqual({ kind: "unknown", eventId: "EV-3", type: "TRANSACTION.SUCCESS" });
    const text = "not json";
    const headers = sdkSignedHeaders(f, text, { at: NOW, nonce: "abc" });
    expect(onlyEvent(verify(text, headers).events)).toEqual({ kind: "unknown", eventId: `unparseable:${headers["wechatpay-timestamp"]}:abc`, type: "unparseable" });
  });

  it("certificate mode: the platform certificate (PEM) verifies, with its serial as Wechatpay-Serial", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "till-wechat-cert-"));
    try {
      writeFileSync(path.join(dir, "key.pem"), f.platform.privatePem);
      execFileSync("openssl", ["req", "-x509", "-new", "-key", path.join(dir, "key.pem"), "-subj", "/CN=Tenpay.com Root CA", "-days", "1", "-out", path.join(dir, "cert.pem")], { stdio: "ignore" });
      const certPem = readFileSync(path.join(dir, "cert.pem"), "utf8");
      const serial = new X509Certificate(certPem).serialNumber;
      const certConfig = { ...config, wechatPayPublicKeyId: serial, wechatPayPublicKeyPem: certPem };
      const body = paymentBody();
      const verified = verifyWechatNotification(certConfig, wechatPayKeys(certConfig), body, new Headers(sdkSignedHeaders(f, body, { at: NOW, serial })));
      expect(onlyEvent(verified.events).kind).toBe("payment.succeeded");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
