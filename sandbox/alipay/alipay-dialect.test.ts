/**
 * Sandbox Pay's Alipay gateway against an independent implementation of the
 * protocol, Alipay's own SDK (alipay-sdk): requests the SDK signs as the app
 * are served and their answers pass the SDK's response check; a request changed
 * in one byte is refused; notifications pass the SDK's notify check and are
 * resent until the merchant answers the plain text `success`.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { AlipaySdk } from "alipay-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rsaKeyPair } from "@/lib/providers/alipay/alipay-test-support";
import { startTestSandbox, tempDbPath, waitFor, type TestSandbox } from "../test-support";

const APP_ID = "2021000000000042";
const app = rsaKeyPair();
const tmp = tempDbPath();
let sb: TestSandbox;
let sdk: AlipaySdk;

/** What the merchant's notify URL saw: each body, and the answer it gave (`fail` first, then `success`). */
const seen: { body: string; answer: string }[] = [];
const merchant = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const answer = seen.length === 0 ? "fail" : "success";
    seen.push({ body: Buffer.concat(chunks).toString("utf8"), answer });
    res.writeHead(200, { "content-type": "text/plain" }).end(answer);
  });
});
let notifyUrl = "";

const bare = (pem: string) => pem.replace(/-----[^-]+-----|\s/g, "");

beforeAll(async () => {
  await new Promise<void>((resolve) => merchant.listen(0, "127.0.0.1", resolve));
  notifyUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/notify`;
  sb = await startTestSandbox({ dbPath: tmp.dbPath, alipay: { appId: APP_ID, appPublicKeyPem: app.publicKey } });
  sdk = new AlipaySdk({ appId: APP_ID, privateKey: app.privateKey, keyType: "PKCS8", alipayPublicKey: bare(sb.alipay!.alipayPublicKeyPem) });
});
afterAll(async () => {
  await sb?.close();
  merchant.closeAllConnections();
  await new Promise<void>((resolve) => merchant.close(() => resolve()));
  tmp.cleanup();
});

/** Posts a form the SDK signed to the gateway; the raw answer and its `<method>_response`. */
async function post(method: string, form: string) {
  const raw = await (await fetch(sb.alipay!.gatewayUrl, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded;charset=utf-8" }, body: form })).text();
  const key = `${method.replaceAll(".", "_")}_response`;
  const parsed = JSON.parse(raw) as Record<string, Record<string, string>> & { sign: string };
  return { raw, key, sign: parsed.sign, node: parsed[key] ?? parsed.error_response! };
}

describe("Sandbox Pay's Alipay gateway, spoken to by alipay-sdk", () => {
  let outTradeNo = "";

  it("precreates from a request the SDK signed; the answer passes the SDK's response check; one byte changed is refused", async () => {
    outTradeNo = `sdk_${Date.now()}`;
    const form = sdk.sdkExecute("alipay.trade.precreate", { notifyUrl, bizContent: { outTradeNo, totalAmount: "12.34", subject: "Tea" } });
    const answer = await post("alipay.trade.precreate", form);
    expect(answer.node).toMatchObject({ code: "10000", out_trade_no: outTradeNo });
    expect(answer.node.qr_code).toMatch(/\/pay\/ch_/);
    expect(() => sdk.checkResponseSign(answer.raw, answer.key, answer.sign, "t")).not.toThrow();
    expect(() => sdk.checkResponseSign(answer.raw.replace("10000", "10001"), answer.key, answer.sign, "t")).toThrow();

    const tampered = await post("alipay.trade.precreate", form.replace("12.34", "12.35"));
    expect(tampered.node).toMatchObject({ code: "40002", sub_code: "isv.invalid-signature" });
    expect(() => sdk.checkResponseSign(tampered.raw, tampered.key, tampered.sign, "t")).not.toThrow();
  });

  it("the paid trade's notification passes the SDK's notify check, and is resent until the answer is success", async () => {
    const [charge] = ((await sb.api("GET", `/v1/charges?merchant_ref=${outTradeNo}`)).json as { data: { id: string }[] }).data;
    expect((await sb.api("POST", `/pay/${charge!.id}`, { key: null, body: {} })).status).toBe(201);
    await waitFor(() => seen.some((s) => s.answer === "success"));
    expect(seen.map((s) => s.answer)).toEqual(["fail", "success"]);
    const params = Object.fromEntries(new URLSearchParams(seen[1]!.body));
    expect(params).toMatchObject({ notify_type: "trade_status_sync", app_id: APP_ID, out_trade_no: outTradeNo, trade_status: "TRADE_SUCCESS", total_amount: "12.34", sign_type: "RSA2" });
    expect(params.notify_id).toBe(Object.fromEntries(new URLSearchParams(seen[0]!.body)).notify_id);
    expect(sdk.checkNotifySignV2(params)).toBe(true);
    expect(sdk.checkNotifySignV2({ ...params, total_amount: "12.35" })).toBe(false);

    const query = await post("alipay.trade.query", sdk.sdkExecute("alipay.trade.query", { bizContent: { outTradeNo } }));
    expect(query.node).toMatchObject({ code: "10000", trade_status: "TRADE_SUCCESS", total_amount: "12.34", trade_no: params.trade_no });
  });

  it("an unknown trade is 40004 ACQ.TRADE_NOT_EXIST; an unknown method is an error_response", async () => {
    const none = await post("alipay.trade.query", sdk.sdkExecute("alipay.trade.query", { bizContent: { outTradeNo: "nobody_has_this" } }));
    expect(none.node).toMatchObject({ code: "40004", sub_code: "ACQ.TRADE_NOT_EXIST" });
    const odd = await post("alipay.trade.pay", sdk.sdkExecute("alipay.trade.pay", { bizContent: { outTradeNo } }));
    expect(odd.node).toMatchObject({ code: "40002", sub_code: "isv.invalid-method" });
  });
});
