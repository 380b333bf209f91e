/**
 * The audit log is append-only at the database: triggers refuse UPDATE and
 * DELETE whoever asks (Prisma, raw SQL, a second connection), and no PIN,
 * key or secret is ever written to it.
 */
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "@/test/harness";
import { recordAudit, withoutSecrets } from "./record-audit";
import { TEST_DIALECT } from "@/test/postgres";

let h: Harness;
let id: string;

beforeAll(async () => {
  h = await startHarness();
  await h.ctx.db.$transaction((tx) =>
    recordAudit(tx, { storeId: h.cashier.storeId, actor: "system", action: "store.settings_changed", entityType: "store", entityId: "append-only-test", terminalId: h.cashier.terminalId, data: { n: 1 } }, new Date()),
  );
  id = (await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: "append-only-test" } })).id;
});
afterAll(() => h.close());

describe("the audit table", () => {
  it("refuses an UPDATE at the database", async () => {
    await expect(h.ctx.db.$executeRaw`UPDATE "AuditEvent" SET "action" = 'rewritten' WHERE "id" = ${id}`).rejects.toThrow(/append-only/);
    await expect(h.ctx.db.auditEvent.update({ where: { id }, data: { action: "rewritten" } })).rejects.toThrow(/append-only/);
    expect((await h.ctx.db.auditEvent.findUniqueOrThrow({ where: { id } })).action).toBe("store.settings_changed");
  });

  it.runIf(TEST_DIALECT === "sqlite")("refuses a DELETE at the database, also from another connection to the file", async () => {
    await expect(h.ctx.db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    const other = new Database(h.dbPath);
    try {
      expect(() => other.prepare('DELETE FROM "AuditEvent" WHERE "id" = ?').run(id)).toThrow(/append-only/);
      expect(() => other.prepare('UPDATE "AuditEvent" SET "data" = NULL').run()).toThrow(/append-only/);
    } finally {
      other.close();
    }
    expect(await h.ctx.db.auditEvent.count({ where: { id } })).toBe(1);
  });

  it.runIf(TEST_DIALECT === "postgresql")("refuses a DELETE and a TRUNCATE at the database, also from another connection", async () => {
    await expect(h.ctx.db.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    const other = new pg.Client({ connectionString: h.env.DATABASE_URL });
    await other.connect();
    try {
      await expect(other.query('DELETE FROM "AuditEvent" WHERE "id" = $1', [id])).rejects.toThrow(/append-only/);
      await expect(other.query('UPDATE "AuditEvent" SET "data" = NULL')).rejects.toThrow(/append-only/);
      await expect(other.query('TRUNCATE "AuditEvent" CASCADE')).rejects.toThrow(/append-only/);
    } finally {
      await other.end();
    }
    expect(await h.ctx.db.auditEvent.count({ where: { id } })).toBe(1);
  });

  it("still takes new entries, with the terminal they came from", async () => {
    const row = await h.ctx.db.auditEvent.findUniqueOrThrow({ where: { id } });
    expect(row.terminalId).toBe(h.cashier.terminalId);
  });
});

describe("recordAudit", () => {
  it("never writes a PIN, key or secret, at any depth", async () => {
    const data = { pin: "2468", approverPin: "1357", webhookSecret: "whsec_x", apiKey: "tk_live", nested: { token: "ts_x", key: "k", name: "kept" }, list: [{ secret: "s" }], amount: 100 };
    await h.ctx.db.$transaction((tx) => recordAudit(tx, { storeId: null, actor: "system", action: "store.settings_changed", entityType: "store", entityId: "secrets-test", data }, new Date()));
    const row = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: "secrets-test" } });
    for (const secret of ["2468", "1357", "whsec_x", "tk_live", "ts_x", '"k"', '"s"']) expect(row.data).not.toContain(secret);
    expect(JSON.parse(row.data!)).toMatchObject({ amount: 100, nested: { name: "kept" } });
    expect(withoutSecrets({ refundKey: "rk", shipping: 1 })).toEqual({ refundKey: "rk", shipping: 1 });
  });
});
