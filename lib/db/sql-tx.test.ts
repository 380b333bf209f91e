/**
 * The SQL path's transaction on Till's real schema, on SQLite and on
 * PostgreSQL: what it writes reads back through Prisma exactly as Prisma's
 * own writes do, all of it or none of it commits, and a step that needs
 * Prisma's models reruns the whole function in Prisma's transaction, once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/record-audit";
import { newId } from "@/lib/ids";
import { startHarness, type Harness } from "@/test/harness";
import { TEST_DIALECT } from "@/test/postgres";
import { prismaTx, sqlTransaction, type SqlTx } from "./sql-tx";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const storeId = () => h.ctx.db.store.findFirstOrThrow({ select: { id: true } }).then((s) => s.id);

describe("sqlTransaction", () => {
  it("writes dates, booleans and nulls as Prisma does, and reads them back decoded", async () => {
    const at = new Date("2026-11-28T15:59:59.123Z");
    const id = newId("aud");
    const sid = await storeId();
    await sqlTransaction(h.ctx.db, async (tx) => {
      await tx.$executeRaw`
        INSERT INTO "AuditEvent" ("id", "storeId", "actor", "action", "entityType", "entityId", "terminalId", "data", "createdAt")
        VALUES (${id}, ${sid}, ${"system"}, ${"order.expired"}, ${"order"}, ${"ord_x"}, ${undefined}, ${null}, ${at})`;
    });
    const row = await h.ctx.db.auditEvent.findUniqueOrThrow({ where: { id } });
    expect(row.createdAt.toISOString()).toBe(at.toISOString());
    expect(row.terminalId).toBeNull();
    // Prisma's filter on the same instant finds it: the stored form is Prisma's own.
    expect(await h.ctx.db.auditEvent.count({ where: { id, createdAt: at } })).toBe(1);
    const read = await sqlTransaction(h.ctx.db, (tx) => tx.$queryRaw<{ n: number | bigint }[]>`SELECT COUNT(*) AS "n" FROM "AuditEvent" WHERE "id" = ${id} AND "createdAt" = ${at}`);
    expect(Number(read[0]!.n)).toBe(1);
  });

  it("commits all of the function or none of it", async () => {
    const sid = await storeId();
    const ids = [newId("aud"), newId("aud")];
    const failing = sqlTransaction(h.ctx.db, async (tx) => {
      await recordAudit(tx, { storeId: sid, actor: "system", action: "order.expired", entityType: "order", entityId: ids[0]! }, new Date());
      await recordAudit(tx, { storeId: sid, actor: "system", action: "order.expired", entityType: "order", entityId: ids[1]! }, new Date());
      throw new Error("the second half failed");
    });
    await expect(failing).rejects.toThrow("the second half failed");
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: { in: ids } } })).toBe(0);
  });

  it("reruns the whole function in Prisma's transaction when a step needs Prisma's models, and commits it once", async () => {
    const sid = await storeId();
    const entityId = newId("ord");
    const kinds: string[] = [];
    const result = await sqlTransaction(h.ctx.db, async (tx: SqlTx) => {
      kinds.push("order" in tx ? "prisma" : "sql");
      await recordAudit(tx, { storeId: sid, actor: "system", action: "order.expired", entityType: "order", entityId }, new Date());
      const models = prismaTx(tx, "this step reads through a model");
      return models.auditEvent.count({ where: { entityId } });
    });
    expect(kinds).toEqual(["sql", "prisma"]);
    // The first run's audit event was rolled back with it: one, not two.
    expect(result).toBe(1);
    expect(await h.ctx.db.auditEvent.count({ where: { entityId } })).toBe(1);
  });
});

describe.skipIf(TEST_DIALECT === "postgresql")("group commit (SQLite)", () => {
  it("transactions that arrive together run in one commit, each all or nothing, and settle only after it", async () => {
    const sid = await storeId();
    const entityIds = Array.from({ length: 6 }, () => newId("ord"));
    const events: string[] = [];
    const settled = await Promise.allSettled(
      entityIds.map((entityId, i) =>
        sqlTransaction(h.ctx.db, async (tx) => {
          events.push(`ran ${i}`);
          await recordAudit(tx, { storeId: sid, actor: "system", action: "order.expired", entityType: "order", entityId }, new Date());
          if (i === 2) throw new Error("this one fails after its write");
          return i;
        }).finally(() => events.push(`settled ${i}`)),
      ),
    );
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "fulfilled", "rejected", "fulfilled", "fulfilled", "fulfilled"]);
    // One commit for all six: every one ran before any settled (one at a time, each would settle before the next ran).
    expect(events.slice(0, 6)).toEqual(entityIds.map((_, i) => `ran ${i}`));
    // The failed one was rolled back to its savepoint, alone.
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: { in: entityIds } } })).toBe(5);
    expect(await h.ctx.db.auditEvent.count({ where: { entityId: entityIds[2]! } })).toBe(0);
  });

  it("a transaction that arrives a turn of the event loop after the group's first still joins its commit", async () => {
    const events: string[] = [];
    const record = (event: string) => () => {
      events.push(event);
      return Promise.resolve();
    };
    const first = sqlTransaction(h.ctx.db, record("first ran")).then(() => events.push("first settled"));
    // As a delivery read in the same turn as the first reaches sqlTransaction a step later.
    const second = new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        sqlTransaction(h.ctx.db, record("second ran")).then(() => resolve(), reject);
      });
    });
    await Promise.all([first, second]);
    expect(events).toEqual(["first ran", "second ran", "first settled"]);
  });
});
