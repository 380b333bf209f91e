/**
 * Till's connection reuses the statement compiled for a SQL text
 * (serialized-adapter.ts): each call still gets its own arguments, a failed
 * call leaves the statement usable, and a transaction rolled back leaves
 * nothing — on a real SQLite file through Prisma.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkSql, createDb, type Db } from "./client";

const dir = mkdtempSync(path.join(tmpdir(), "till-reuse-"));
let db: Db;
beforeAll(async () => {
  db = await createDb(`file:${path.join(dir, "reuse.db")}`);
  await bulkSql(db).transaction((sql) => sql.run(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "v" TEXT NOT NULL UNIQUE)`));
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const valueOf = async (id: number) => (await db.$queryRaw<{ v: string }[]>`SELECT "v" FROM "T" WHERE "id" = ${id}`)[0]?.v;

describe("statements reused across calls", () => {
  it("the same SQL text with other arguments reads and writes what each call asked for", async () => {
    for (let i = 1; i <= 5; i++) await db.$executeRaw`INSERT INTO "T" ("id", "v") VALUES (${i}, ${`v${i}`})`;
    expect(await Promise.all([1, 2, 3, 4, 5, 6].map(valueOf))).toEqual(["v1", "v2", "v3", "v4", "v5", undefined]);
  });

  it("a call that fails (a unique value taken) leaves the statement working for the next", async () => {
    await expect(db.$executeRaw`INSERT INTO "T" ("id", "v") VALUES (${7}, ${"v1"})`).rejects.toThrow();
    expect(await db.$executeRaw`INSERT INTO "T" ("id", "v") VALUES (${7}, ${"v7"})`).toBe(1);
    expect(await valueOf(7)).toBe("v7");
  });

  it("a rolled-back transaction keeps none of its writes, a committed one all", async () => {
    await expect(
      db.$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO "T" ("id", "v") VALUES (${8}, ${"v8"})`;
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`INSERT INTO "T" ("id", "v") VALUES (${9}, ${"v9"})`;
    });
    expect([await valueOf(8), await valueOf(9)]).toEqual([undefined, "v9"]);
  });
});
