import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { localDataDir } from "@/lib/db/client";
import { sealCredentials } from "@/lib/providers/credentials";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";
import { DEMO_ALIPAY_CONNECTION_ID } from "./demo-connection-ids";

export const DEMO_ALIPAY_ACCOUNT_ID = "pa_alipay_demo";
export { DEMO_ALIPAY_CONNECTION_ID } from "./demo-connection-ids";

/** The demo Alipay app both sides share: Till signs with the app key, Sandbox Pay with the key it publishes as "Alipay's public key". */
export const demoAlipaySchema = z.object({
  appId: z.string(),
  sellerId: z.string(),
  appPrivateKeyPem: z.string(),
  appPublicKeyPem: z.string(),
  alipayPrivateKeyPem: z.string(),
});
export type DemoAlipay = z.infer<typeof demoAlipaySchema>;

function rsaPair(): { privatePem: string; publicPem: string } {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicPem: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString() };
}

/** The demo app's keys, generated once into the data directory (mode 0600) and kept, so that a restart keeps them. */
export function ensureDemoAlipayFile(databaseUrl: string): { file: string; demo: DemoAlipay } {
  const file = path.join(localDataDir(databaseUrl), "demo-alipay.json");
  if (existsSync(file)) return { file, demo: demoAlipaySchema.parse(JSON.parse(readFileSync(file, "utf8"))) };
  const app = rsaPair();
  const demo: DemoAlipay = {
    appId: "2021000000000001",
    sellerId: "2088000000000001",
    appPrivateKeyPem: app.privatePem,
    appPublicKeyPem: app.publicPem,
    alipayPrivateKeyPem: rsaPair().privatePem,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  return { file, demo };
}

/**
 * TILL_DEMO_PROVIDER=alipay (or `both`): the demo store gets an Alipay account
 * at Sandbox Pay's Alipay gateway (`<SANDBOX_URL>/gateway.do`), its credentials
 * sealed like any merchant's. With `isDefault` it becomes the store's default
 * connection (`alipay`); without, it is a second connection beside the default
 * one (`both`: the cashier picks the QR). An account the owner has edited is
 * left as it is.
 */
export async function connectDemoAlipay(db: Db, { demo, secretsKey, sandboxUrl, isDefault }: { demo: DemoAlipay; secretsKey: Buffer; sandboxUrl: string; isDefault: boolean }): Promise<void> {
  const sandbox = await db.providerAccount.findUnique({ where: { id: SANDBOX_ACCOUNT_ID }, select: { storeId: true } });
  if (!sandbox) return;
  const { storeId } = sandbox;
  const baseUrl = `${sandboxUrl.replace(/\/+$/, "")}/gateway.do`;
  const sealedCredentials = sealCredentials(secretsKey, DEMO_ALIPAY_ACCOUNT_ID, {
    kind: "alipay",
    credentials: {
      appId: demo.appId,
      appPrivateKeyPem: demo.appPrivateKeyPem,
      alipayPublicKeyPem: createPublicKey(demo.alipayPrivateKeyPem).export({ type: "spki", format: "pem" }).toString(),
      sellerId: demo.sellerId,
    },
  });
  await db.$transaction(async (tx) => {
    const existing = await tx.providerAccount.findUnique({ where: { id: DEMO_ALIPAY_ACCOUNT_ID } });
    if (existing?.editedAt) return;
    if (existing) {
      await tx.providerAccount.update({ where: { id: DEMO_ALIPAY_ACCOUNT_ID }, data: { baseUrl, sealedCredentials } });
      return;
    }
    await tx.providerAccount.create({ data: { id: DEMO_ALIPAY_ACCOUNT_ID, storeId, kind: "alipay", name: "Alipay", baseUrl, apiKey: "", webhookSecret: "", sealedCredentials } });
    if (isDefault) await tx.providerConnection.updateMany({ where: { storeId }, data: { isDefault: false } });
    await tx.providerConnection.create({ data: { id: DEMO_ALIPAY_CONNECTION_ID, storeId, accountId: DEMO_ALIPAY_ACCOUNT_ID, name: "Alipay 支付宝", isDefault } });
  });
}
