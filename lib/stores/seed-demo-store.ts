import { hashPin } from "@/lib/auth/pin-hash";
import { hashToken } from "@/lib/auth/tokens";
import type { Db } from "@/lib/db/client";
import type { Env } from "@/lib/env";
import { newId } from "@/lib/ids";
import { SANDBOX_CONNECTION_ID } from "./demo-connection-ids";

const CATALOGUE: [string, string, number][] = [
  ["Americano", "美式咖啡", 1800],
  ["Latte", "拿铁", 1175],
  ["Cappuccino", "卡布奇诺", 2200],
  ["Green tea", "绿茶", 1500],
  ["Milk tea", "奶茶", 1600],
  ["Croissant", "可颂", 1250],
  ["Cheesecake", "芝士蛋糕", 2800],
  ["Sandwich", "三明治", 3200],
  ["Water", "矿泉水", 500],
];

export { SANDBOX_CONNECTION_ID } from "./demo-connection-ids";
export const SANDBOX_ACCOUNT_ID = "pa_sandbox_env";

/**
 * On an empty database: a demo store with a terminal, an owner and a cashier
 * (PINs from env), a cashier and an owner API key, a small catalogue and a
 * Sandbox Pay account with the store's connection to it. On every start the
 * env-managed Sandbox Pay account follows SANDBOX_URL, SANDBOX_API_KEY and
 * PROVIDER_WEBHOOK_SECRET, until the owner edits it on the provider page.
 */
export async function seedDemoStore(db: Db, env: Env): Promise<{ created: boolean }> {
  const credentials = { baseUrl: env.SANDBOX_URL, apiKey: env.SANDBOX_API_KEY, webhookSecret: env.PROVIDER_WEBHOOK_SECRET };
  if ((await db.store.count()) > 0) {
    // An account the owner has edited on the provider page is theirs, not env's.
    await db.providerAccount.updateMany({ where: { id: SANDBOX_ACCOUNT_ID, editedAt: null }, data: credentials });
    return { created: false };
  }
  const storeId = newId("sto");
  const terminalId = newId("trm");
  const [ownerPin, cashierPin] = await Promise.all([hashPin(env.TILL_SEED_OWNER_PIN), hashPin(env.TILL_SEED_CASHIER_PIN)]);
  if (env.TILL_SEED_OWNER_PIN === env.TILL_SEED_CASHIER_PIN) {
    throw new Error("TILL_SEED_OWNER_PIN and TILL_SEED_CASHIER_PIN must differ: a PIN names its owner");
  }
  try {
    await insertDemoStore(db, env, { storeId, terminalId, ownerPin, cashierPin, credentials });
  } catch (error) {
    // Two servers starting at once on one empty database: the other seeded first (the fixed account id collided).
    if ((await db.store.count()) > 0) return { created: false };
    throw error;
  }
  return { created: true };
}

async function insertDemoStore(
  db: Db,
  env: Env,
  { storeId, terminalId, ownerPin, cashierPin, credentials }: { storeId: string; terminalId: string; ownerPin: string; cashierPin: string; credentials: { baseUrl: string; apiKey: string; webhookSecret: string } },
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.store.create({ data: { id: storeId, name: "Demo Coffee 演示咖啡", currency: "CNY", timeZone: "Asia/Shanghai" } });
    await tx.terminal.create({ data: { id: terminalId, storeId, code: "T1", name: "Counter 1" } });
    await tx.staff.createMany({
      data: [
        { id: newId("stf"), storeId, name: "Wang Fang 王芳", role: "owner", pinHash: ownerPin },
        { id: newId("stf"), storeId, name: "Li Lei 李雷", role: "cashier", pinHash: cashierPin },
      ],
    });
    await tx.apiKey.createMany({
      data: [
        { id: newId("key"), storeId, terminalId, name: "Demo terminal key", role: "cashier", keyHash: hashToken(env.TILL_SEED_API_KEY), prefix: env.TILL_SEED_API_KEY.slice(0, 8) },
        { id: newId("key"), storeId, terminalId, name: "Demo owner key", role: "owner", keyHash: hashToken(env.TILL_SEED_OWNER_API_KEY), prefix: env.TILL_SEED_OWNER_API_KEY.slice(0, 8) },
      ],
    });
    await tx.providerAccount.create({ data: { id: SANDBOX_ACCOUNT_ID, storeId, kind: "sandbox", name: "Sandbox Pay", ...credentials } });
    await tx.providerConnection.create({ data: { id: SANDBOX_CONNECTION_ID, storeId, accountId: SANDBOX_ACCOUNT_ID, name: "Sandbox Pay", isDefault: true } });
    await tx.product.createMany({
      data: CATALOGUE.map(([nameEn, nameZh, unitAmount], sortOrder) => ({ id: newId("prd"), storeId, nameEn, nameZh, unitAmount, sortOrder })),
    });
  });
}
