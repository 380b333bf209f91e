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
import { openCredentials } from "./credentials";
import { getProvider } from "./get-provider";
import { connectWechat, WECHAT_ACCOUNT_ID, wechatFixture } from "./wechat/wechat-test-support";
import { WechatPayProvider } from "./wechat/wechat-provider";

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

  it("appear nowhere in the clear in the database file", async () => {
    await h.ctx.db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
    const file = readFileSync(sqlitePath(h.env.DATABASE_URL));
    expect((await account()).sealedCredentials).toMatch(/^v1:/);
    for (const secret of [f.apiV3Key, "PRIVATE KEY", f.merchant.privatePem.split("\n")[1]!]) expect(file.includes(secret)).toBe(false);
    expect(file.includes("pa_wechat_test")).toBe(true);
  });
});
