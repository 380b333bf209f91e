/**
 * Provider credentials as data: a WeChat Pay account's keys live sealed on the
 * account row, getProvider opens them to build the adapter, and a sale runs
 * through it against Sandbox Pay's WeChat dialect; the database file holds none
 * of the secrets in the clear, and another key cannot open them.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqlitePath } from "@/lib/db/client";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { AlipayProvider } from "./alipay/alipay-provider";
import { APP_ID, rsaKeyPair } from "./alipay/alipay-test-support";
import { rsa2Sign, signContent } from "./alipay/signature";
import { toChinaTime } from "./alipay/time";
import { openCredentials, sealCredentials } from "./credentials";
import { getProvider } from "./get-provider";
import { connectWechat, WECHAT_ACCOUNT_ID, wechatFixture } from "./wechat/wechat-test-support";
import { WechatPayProvider } from "./wechat/wechat-provider";
import { TEST_DIALECT } from "@/test/postgres";

const f = wechatFixture();
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ sandbox: { wechat: { mchid: "1900009191", appid: "wxd678efh567hg6787", apiV3Key: f.apiV3Key, merchantPublicKeyPem: f.merchant.publicPem } } });
  const published = h.sandbox.wechat!;
  await connectWechat(h, { ...f.config(h.sandbox.url), wechatPayPublicKeyId: published.publicKeyId, wechatPayPublicKeyPem: published.publicKeyPem });
});
afterAll(() => h?.close());

const account = () => h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: WECHAT_ACCOUNT_ID } });

describe("a WeChat Pay account's sealed credentials", () => {
  it("getProvider builds the WeChat Pay adapter from them, and a sale through it is PAID by the WeChat-signed notification", async () => {
    expect(h.ctx.provider(await account())).toBeInstanceOf(WechatPayProvider);
    const { order, orderId } = await h.newOrder(1990);
    const [charge] = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${order.providerRef}`)).as(ChargeList).data;
    await h.pay(charge!.id);
    const paid = await eventually(async () => {
      const o = await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
      return o.status === "paid" ? o : null;
    });
    expect(paid.amountReceived).toBe(1990);
    expect(await h.ctx.db.webhookDelivery.count({ where: { accountId: WECHAT_ACCOUNT_ID, provider: "wechat", verified: true } })).toBeGreaterThan(0);
  });

  it("are opened only with the key they were sealed under, and only on their own account", async () => {
    const stored = await account();
    expect(openCredentials(h.secretsKey, stored)).toMatchObject({ kind: "wechat", credentials: { mchid: "1900009191", apiV3Key: f.apiV3Key } });
    expect(() => getProvider(stored, { secretsKey: randomBytes(32) })).toThrow(/refused/);
    expect(() => getProvider(stored)).toThrow(/TILL_SECRETS_KEY/);
    expect(() => openCredentials(h.secretsKey, { ...stored, id: "pa_other" })).toThrow(/refused/);
  });

  it.runIf(TEST_DIALECT === "postgresql")("appear nowhere in the clear in the database's rows", async () => {
    const rows = await h.ctx.db.$queryRaw<{ row: string }[]>`SELECT row_to_json(a)::text AS "row" FROM "ProviderAccount" a`;
    const text = rows.map((r) => r.row).join("\n");
    expect((await account()).sealedCredentials).toMatch(/^v1:/);
    for (const secret of [f.apiV3Key, "PRIVATE KEY", f.merchant.privatePem.split("\n")[1]!]) expect(text.includes(secret)).toBe(false);
    expect(text.includes("pa_wechat_test")).toBe(true);
  });

  it.runIf(TEST_DIALECT === "sqlite")("appear nowhere in the clear in the database file", async () => {
    await h.ctx.db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = readFileSync(sqlitePath(h.env.DATABASE_URL));
    expect((await account()).sealedCredentials).toMatch(/^v1:/);
    for (const secret of [f.apiV3Key, "PRIVATE KEY", f.merchant.privatePem.split("\n")[1]!]) expect(file.includes(secret)).toBe(false);
    expect(file.includes("pa_wechat_test")).toBe(true);
  });
});

describe("an Alipay account's sealed credentials", () => {
  const app = rsaKeyPair();
  const alipay = rsaKeyPair();
  const ALIPAY_ACCOUNT_ID = "pa_alipay_test";

  /** An asynchronous notification as Alipay posts it: form-encoded, RSA2-signed with Alipay's key. */
  function notification(notifyId: string): string {
    const params: Record<string, string> = { app_id: APP_ID, notify_id: notifyId, notify_time: toChinaTime(new Date()), notify_type: "trade_status_sync", out_trade_no: "ord_x", trade_no: "2026112822001", trade_status: "TRADE_CLOSED", charset: "utf-8", version: "1.0" };
    return new URLSearchParams({ ...params, sign_type: "RSA2", sign: rsa2Sign(signContent(params), alipay.privateKey) }).toString();
  }

  beforeAll(async () => {
    const sealedCredentials = sealCredentials(h.secretsKey, ALIPAY_ACCOUNT_ID, { kind: "alipay", credentials: { appId: APP_ID, appPrivateKeyPem: app.privateKey, alipayPublicKeyPem: alipay.publicKey } });
    await h.ctx.db.providerAccount.create({ data: { id: ALIPAY_ACCOUNT_ID, storeId: h.owner.storeId, kind: "alipay", name: "Alipay", baseUrl: "http://127.0.0.1:9/gateway.do", apiKey: "", webhookSecret: "", sealedCredentials } });
  });

  it("getProvider builds the Alipay adapter; a notification it verifies is stored and answered with the plain text success", async () => {
    expect(h.ctx.provider(await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: ALIPAY_ACCOUNT_ID } }))).toBeInstanceOf(AlipayProvider);
    const answer = await receiveNotification(h.ctx, { kind: "alipay", rawBody: notification("ntf_alipay_1"), headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }) });
    expect(answer).toMatchObject({ status: 200, body: "success" });
    expect(await h.ctx.db.webhookDelivery.count({ where: { accountId: ALIPAY_ACCOUNT_ID, eventId: "ntf_alipay_1", verified: true } })).toBe(1);
  });

  it("a notification changed in one byte is refused and recorded as rejected", async () => {
    const tampered = notification("ntf_alipay_2").replace("TRADE_CLOSED", "TRADE_CLOSEd");
    const answer = await receiveNotification(h.ctx, { kind: "alipay", rawBody: tampered, headers: new Headers() });
    expect(answer.status).toBe(401);
    expect(answer.body).not.toBe("success");
    expect(await h.ctx.db.webhookDelivery.count({ where: { provider: "alipay", verified: false } })).toBe(1);
    expect(await h.ctx.db.webhookDelivery.count({ where: { eventId: "ntf_alipay_2" } })).toBe(0);
  });
});
