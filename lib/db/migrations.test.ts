/**
 * Migrations applied to a database that already holds data: what an upgrade
 * does to a shop's file. (schema-drift.test.ts proves the empty-database case.)
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "./migrate";

const dir = mkdtempSync(path.join(tmpdir(), "till-migrations-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MIGRATIONS = path.join(process.cwd(), "prisma", "migrations");

/** A migrations folder holding only the migrations up to and including `last`. */
function migrationsUpTo(last: string): string {
  const partial = path.join(dir, `upto-${last}`);
  for (const name of readdirSync(MIGRATIONS).filter((n) => n <= last)) cpSync(path.join(MIGRATIONS, name), path.join(partial, name), { recursive: true });
  return partial;
}

describe("20261128000000_provider_accounts on a database with data", () => {
  it("turns each connection into an account and re-keys payments, refunds and inbox rows by it", () => {
    const file = path.join(dir, "upgrade.db");
    migrate(file, migrationsUpTo("20261122000000_init"));
    const db = new Database(file);
    const now = new Date().toISOString();
    db.exec(`
      INSERT INTO "Store" ("id", "name") VALUES ('sto_1', 'Shop');
      INSERT INTO "Terminal" ("id", "storeId", "code", "name") VALUES ('trm_1', 'sto_1', 'T1', 'Counter');
      INSERT INTO "ProviderConnection" ("id", "storeId", "kind", "name", "baseUrl", "apiKey", "webhookSecret")
        VALUES ('pc_sandbox_env', 'sto_1', 'sandbox', 'Sandbox Pay', 'http://127.0.0.1:4010', 'sk_live', 'whsec_abc');
      INSERT INTO "Order" ("id", "storeId", "terminalId", "reference", "providerRef", "status", "amount", "currency", "expiresAt", "createdBy")
        VALUES ('ord_1', 'sto_1', 'trm_1', 'T1-000001', 'REF1', 'paid', 100, 'CNY', '${now}', 'system');
      INSERT INTO "Payment" ("id", "storeId", "orderId", "connectionId", "providerPaymentId", "providerChargeId", "merchantRef", "amount", "currency", "paidAt", "source")
        VALUES ('pay_1', 'sto_1', 'ord_1', 'pc_sandbox_env', 'pay_p1', 'ch_1', 'REF1', 100, 'CNY', '${now}', 'notification');
      INSERT INTO "Refund" ("id", "storeId", "orderId", "paymentId", "connectionId", "refundKey", "amount", "currency", "reason", "status")
        VALUES ('ref_1', 'sto_1', 'ord_1', 'pay_1', 'pc_sandbox_env', 'rk_1', 50, 'CNY', 'r', 'succeeded');
      INSERT INTO "WebhookDelivery" ("id", "connectionId", "provider", "eventId", "rawBody", "headers", "verified", "outcome")
        VALUES ('whd_1', 'pc_sandbox_env', 'sandbox', 'evt_1', '{}', '{}', 1, 'applied'),
               ('whd_2', NULL, 'sandbox', NULL, 'forged', '{}', 0, 'rejected');
    `);
    db.close();

    expect(migrate(file)).toContain("20261128000000_provider_accounts");
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT "id", "storeId", "kind", "baseUrl", "apiKey", "webhookSecret" FROM "ProviderAccount"').all()).toEqual([
      { id: "pa_sandbox_env", storeId: "sto_1", kind: "sandbox", baseUrl: "http://127.0.0.1:4010", apiKey: "sk_live", webhookSecret: "whsec_abc" },
    ]);
    expect(after.prepare('SELECT "id", "storeId", "accountId", "isDefault" FROM "ProviderConnection"').all()).toEqual([
      { id: "pc_sandbox_env", storeId: "sto_1", accountId: "pa_sandbox_env", isDefault: 1 },
    ]);
    expect(after.prepare('SELECT "accountId" FROM "Payment"').pluck().all()).toEqual(["pa_sandbox_env"]);
    expect(after.prepare('SELECT "accountId" FROM "Refund"').pluck().all()).toEqual(["pa_sandbox_env"]);
    expect(after.prepare('SELECT "accountId" FROM "WebhookDelivery" ORDER BY "id"').pluck().all()).toEqual(["pa_sandbox_env", null]);
    expect(after.pragma("foreign_key_check")).toEqual([]);
    after.close();
  });
});
