import { createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { localDataDir } from "@/lib/db/client";
import { sealCredentials } from "@/lib/providers/credentials";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";
import { DEMO_WECHAT_CONNECTION_ID } from "./demo-connection-ids";

export const DEMO_WECHAT_ACCOUNT_ID = "pa_wechat_demo";
export { DEMO_WECHAT_CONNECTION_ID } from "./demo-connection-ids";

/** The demo WeChat Pay merchant both sides share: Till signs with the merchant key, Sandbox Pay with the platform key it publishes. */
export const demoWechatSchema = z.object({
  mchid: z.string(),
  appid: z.string(),
  merchantSerial: z.string(),
  merchantPrivateKeyPem: z.string(),
  merchantPublicKeyPem: z.string(),
  apiV3Key: z.string(),
  platformPrivateKeyPem: z.string(),
  publicKeyId: z.string(),
});
export type DemoWechat = z.infer<typeof demoWechatSchema>;

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
}

/** The demo merchant's keys, generated once into the data directory (mode 0600) and kept, so that a restart keeps them. */
export function ensureDemoWechatFile(databaseUrl: string): { file: string; demo: DemoWechat } {
  const file = path.join(localDataDir(databaseUrl), "demo-wechat.json");
  if (existsSync(file)) return { file, demo: demoWechatSchema.parse(JSON.parse(readFileSync(file, "utf8"))) };
  const merchant = rsaPair();
  const demo: DemoWechat = {
    mchid: "1900009191",
    appid: "wxd678efh567hg6787",
    merchantSerial: randomBytes(20).toString("hex").toUpperCase(),
    merchantPrivateKeyPem: merchant.privatePem,
    merchantPublicKeyPem: merchant.publicPem,
    apiV3Key: randomBytes(16).toString("hex"),
    platformPrivateKeyPem: rsaPair().privatePem,
    publicKeyId: `PUB_KEY_ID_${Array.from(randomBytes(32), (b) => b % 10).join("")}`,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return { file, demo };
}

/**
 * TILL_DEMO_PROVIDER=wechat: the demo store charges through a WeChat Pay
 * account at Sandbox Pay's WeChat dialect, its credentials sealed like any
 * merchant's, as the store's default connection (Sandbox Pay's stays, not default).
 * An account the owner has edited is left as it is.
 */
export async function connectDemoWechat(db: Db, { demo, secretsKey, baseUrl }: { demo: DemoWechat; secretsKey: Buffer; baseUrl: string }): Promise<void> {
  const sandbox = await db.providerAccount.findUnique({ where: { id: SANDBOX_ACCOUNT_ID }, select: { storeId: true } });
  if (!sandbox) return;
  const { storeId } = sandbox;
  const sealedCredentials = sealCredentials(secretsKey, DEMO_WECHAT_ACCOUNT_ID, {
    kind: "wechat",
    credentials: {
      mchid: demo.mchid,
      appid: demo.appid,
      merchantSerial: demo.merchantSerial,
      merchantPrivateKeyPem: demo.merchantPrivateKeyPem,
      apiV3Key: demo.apiV3Key,
      wechatPayPublicKeyId: demo.publicKeyId,
      wechatPayPublicKeyPem: createPublicKey(demo.platformPrivateKeyPem).export({ type: "spki", format: "pem" }).toString(),
    },
  });
  await db.$transaction(async (tx) => {
    const existing = await tx.providerAccount.findUnique({ where: { id: DEMO_WECHAT_ACCOUNT_ID } });
    if (existing?.editedAt) return;
    if (existing) {
      await tx.providerAccount.update({ where: { id: DEMO_WECHAT_ACCOUNT_ID }, data: { baseUrl, sealedCredentials } });
      return;
    }
    await tx.providerAccount.create({ data: { id: DEMO_WECHAT_ACCOUNT_ID, storeId, kind: "wechat", name: "WeChat Pay", baseUrl, apiKey: "", webhookSecret: "", sealedCredentials } });
    await tx.providerConnection.updateMany({ where: { storeId }, data: { isDefault: false } });
    await tx.providerConnection.create({ data: { id: DEMO_WECHAT_CONNECTION_ID, storeId, accountId: DEMO_WECHAT_ACCOUNT_ID, name: "WeChat Pay 微信支付", isDefault: true } });
  });
}
