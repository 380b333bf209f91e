/**
 * TILL_DEMO_PROVIDER=alipay and =both: the demo app's keys are generated once
 * and kept (mode 0600); with `both` the demo store has a WeChat Pay (default)
 * and an Alipay connection beside Sandbox Pay's, the order's one charge goes
 * through the connection the cashier picked, and a sale through each of them,
 * against Sandbox Pay speaking both dialects, is PAID. A connection of another
 * store, or none, is refused naming the field.
 */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createOrder } from "@/lib/orders/create-order";
import { storeConnections } from "@/lib/providers/store-connections";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { connectDemoAlipay, DEMO_ALIPAY_ACCOUNT_ID, DEMO_ALIPAY_CONNECTION_ID, ensureDemoAlipayFile } from "./demo-alipay";
import { connectDemoWechat, DEMO_WECHAT_ACCOUNT_ID, DEMO_WECHAT_CONNECTION_ID, ensureDemoWechatFile } from "./demo-wechat";
import { SANDBOX_CONNECTION_ID } from "./seed-demo-store";

const databaseUrl = `file:${path.join(mkdtempSync(path.join(tmpdir(), "till-demo-both-")), "till.db")}`;
const alipay = ensureDemoAlipayFile(databaseUrl);
const wechat = ensureDemoWechatFile(databaseUrl);
let h: Harness;

beforeAll(async () => {
  const w = wechat.demo;
  const a = alipay.demo;
  h = await startHarness({
    sandbox: {
      wechat: { mchid: w.mchid, appid: w.appid, apiV3Key: w.apiV3Key, merchantPublicKeyPem: w.merchantPublicKeyPem, platformPrivateKeyPem: w.platformPrivateKeyPem, publicKeyId: w.publicKeyId },
      alipay: { appId: a.appId, appPublicKeyPem: a.appPublicKeyPem, sellerId: a.sellerId, alipayPrivateKeyPem: a.alipayPrivateKeyPem },
    },
  });
  // As `npm start` does with TILL_DEMO_PROVIDER=both, twice (a restart).
  for (let i = 0; i < 2; i++) {
    await connectDemoWechat(h.ctx.db, { demo: w, secretsKey: h.secretsKey, baseUrl: h.sandbox.url });
    await connectDemoAlipay(h.ctx.db, { demo: a, secretsKey: h.secretsKey, sandboxUrl: h.sandbox.url, isDefault: false });
  }
});
afterAll(() => h?.close());

async function paidThrough(orderId: string, providerRef: string, accountId: string) {
  const [charge] = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${providerRef}`)).as(ChargeList).data;
  await h.pay(charge!.id);
  const paid = await eventually(async () => {
    const o = await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } });
    return o.status === "paid" ? o : null;
  });
  expect(await h.ctx.db.webhookDelivery.count({ where: { accountId, verified: true } })).toBeGreaterThan(0);
  return paid;
}

describe("the WeChat Pay and Alipay demo (TILL_DEMO_PROVIDER=both)", () => {
  it("keeps the generated Alipay keys: the file is the owner's only, and a second start reads the same keys", () => {
    expect(statSync(alipay.file).mode & 0o777).toBe(0o600);
    expect(ensureDemoAlipayFile(databaseUrl).demo).toEqual(alipay.demo);
  });

  it("offers the store's connections, the default (WeChat Pay) first, each once", async () => {
    const connections = await storeConnections(h.ctx.db, h.owner.storeId);
    expect(connections.map((c) => [c.id, c.kind, c.isDefault])).toEqual([
      [DEMO_WECHAT_CONNECTION_ID, "wechat", true],
      [SANDBOX_CONNECTION_ID, "sandbox", false],
      [DEMO_ALIPAY_CONNECTION_ID, "alipay", false],
    ]);
  });

  it("charges through the default connection when none is picked, and through Alipay when the cashier picks it", async () => {
    const { order: viaDefault } = await h.newOrder(800);
    expect(viaDefault.charge?.connectionId).toBe(DEMO_WECHAT_CONNECTION_ID);
    expect((await paidThrough(viaDefault.id, viaDefault.providerRef, DEMO_WECHAT_ACCOUNT_ID)).amountReceived).toBe(800);

    const viaAlipay = await createOrder(h.ctx, { actor: h.cashier, input: { amount: 1250, connectionId: DEMO_ALIPAY_CONNECTION_ID } });
    expect(viaAlipay.charge?.connectionId).toBe(DEMO_ALIPAY_CONNECTION_ID);
    expect((await paidThrough(viaAlipay.id, viaAlipay.providerRef, DEMO_ALIPAY_ACCOUNT_ID)).amountReceived).toBe(1250);
  });

  it("refuses a connection that is not the store's with 422 naming connection_id, and makes no order", async () => {
    const before = await h.ctx.db.order.count();
    const error = await createOrder(h.ctx, { actor: h.cashier, input: { amount: 100, connectionId: "pc_someone_else" } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(422);
    expect((error as AppError).errors?.map((e) => e.path)).toEqual(["connection_id"]);
    expect(await h.ctx.db.order.count()).toBe(before);
  });
});

describe("the Alipay demo (TILL_DEMO_PROVIDER=alipay)", () => {
  let h2: Harness;
  beforeAll(async () => {
    const a = alipay.demo;
    h2 = await startHarness({ sandbox: { alipay: { appId: a.appId, appPublicKeyPem: a.appPublicKeyPem, sellerId: a.sellerId, alipayPrivateKeyPem: a.alipayPrivateKeyPem } } });
    await connectDemoAlipay(h2.ctx.db, { demo: a, secretsKey: h2.secretsKey, sandboxUrl: h2.sandbox.url, isDefault: true });
  });
  afterAll(() => h2?.close());

  it("makes Alipay the store's one default connection, and a sale through it is PAID", async () => {
    const defaults = await h2.ctx.db.providerConnection.findMany({ where: { storeId: h2.owner.storeId, isDefault: true } });
    expect(defaults.map((c) => c.accountId)).toEqual([DEMO_ALIPAY_ACCOUNT_ID]);
    const { order } = await h2.newOrder(990);
    const [charge] = (await h2.sandboxApi("GET", `/v1/charges?merchant_ref=${order.providerRef}`)).as(ChargeList).data;
    await h2.pay(charge!.id);
    const paid = await eventually(async () => {
      const o = await h2.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } });
      return o.status === "paid" ? o : null;
    });
    expect(paid.amountReceived).toBe(990);
  });
});
