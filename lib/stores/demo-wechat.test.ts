/**
 * TILL_DEMO_PROVIDER=wechat: the demo merchant's keys are generated once and
 * kept (mode 0600), the demo store's default connection becomes a WeChat Pay
 * account with them sealed, and a sale through it against Sandbox Pay's WeChat
 * dialect started with the same file is PAID.
 */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { connectDemoWechat, DEMO_WECHAT_ACCOUNT_ID, ensureDemoWechatFile } from "./demo-wechat";

const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "till-demo-wechat-")), "till.db")}`;
const { file, demo } = ensureDemoWechatFile(databaseUrl);
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ sandbox: { wechat: { mchid: demo.mchid, appid: demo.appid, apiV3Key: demo.apiV3Key, merchantPublicKeyPem: demo.merchantPublicKeyPem, platformPrivateKeyPem: demo.platformPrivateKeyPem, publicKeyId: demo.publicKeyId } } });
  await connectDemoWechat(h.ctx.db, { demo, secretsKey: h.secretsKey, baseUrl: h.sandbox.url });
  await connectDemoWechat(h.ctx.db, { demo, secretsKey: h.secretsKey, baseUrl: h.sandbox.url });
});
afterAll(() => h?.close());

describe("the WeChat Pay demo", () => {
  it("keeps the generated keys: the file is the owner's only, and a second start reads the same keys", () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(ensureDemoWechatFile(databaseUrl).demo).toEqual(demo);
  });

  it("makes WeChat Pay the store's one default connection, and a sale through it is PAID", async () => {
    const defaults = await h.ctx.db.providerConnection.findMany({ where: { storeId: h.owner.storeId, isDefault: true } });
    expect(defaults.map((c) => c.accountId)).toEqual([DEMO_WECHAT_ACCOUNT_ID]);
    const { order, orderId } = await h.newOrder(1200);
    expect(order.charge?.qrContent).toBeTruthy();
    const [charge] = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${order.providerRef}`)).as(ChargeList).data;
    await h.pay(charge!.id);
    const paid = await eventually(async () => {
      const o = await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
      return o.status === "paid" ? o : null;
    });
    expect(paid.amountReceived).toBe(1200);
    expect(await h.ctx.db.webhookDelivery.count({ where: { accountId: DEMO_WECHAT_ACCOUNT_ID, verified: true } })).toBeGreaterThan(0);
  });
});
