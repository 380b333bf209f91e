/**
 * The bulk path's transactions on a real SQLite file: a step that need not
 * wait for the disk commits at synchronous=NORMAL, and the connection is back
 * at FULL afterwards for everything else — also when the step fails.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bulkSql, createDb, type Db } from "./client";

const dir = mkdtempSync(path.join(tmpdir(), "till-bulk-"));
let db: Db;
beforeAll(async () => {
  db = await createDb(`file:${path.join(dir, "bulk.db")}`);
  await bulkSql(db).transaction((sql) => sql.run(`CREATE TABLE "T" ("id" INTEGER PRIMARY KEY, "v" TEXT NOT NULL)`));
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const synchronous = () => bulkSql(db).read(async (sql) => (await sql.all<{ synchronous: number }>("PRAGMA synchronous"))[0]!.synchronous);
const rows = () => bulkSql(db).read(async (sql) => (await sql.all<{ n: number }>(`SELECT COUNT(*) AS "n" FROM "T"`))[0]!.n);

describe("bulk transactions", () => {
  it("durable by default: commits at FULL (2)", async () => {
    const inside = await bulkSql(db).transaction(async (sql) => {
      await sql.run(`INSERT INTO "T" ("v") VALUES (?)`, ["a"]);
      return (await sql.all<{ synchronous: number }>("PRAGMA synchronous"))[0]!.synchronous;
    });
    expect(inside).toBe(2);
    expect(await rows()).toBe(1);
  });

  it("durable: false commits at NORMAL (1), then the connection is at FULL again", async () => {
    const inside = await bulkSql(db).transaction(
      async (sql) => {
        await sql.run(`INSERT INTO "T" ("v") VALUES (?), (?)`, ["b", "c"]);
        return (await sql.all<{ synchronous: number }>("PRAGMA synchronous"))[0]!.synchronous;
      },
      { durable: false },
    );
    expect(inside).toBe(1);
    expect(await synchronous()).toBe(2);
    expect(await rows()).toBe(3);
  });

  it("a failing durable: false step writes nothing and leaves the connection at FULL", async () => {
    const failing = bulkSql(db).transaction(
      async (sql) => {
        await sql.run(`INSERT INTO "T" ("v") VALUES (?)`, ["d"]);
        await sql.run(`INSERT INTO "T" ("v") VALUES (?)`, [null]);
      },
      { durable: false },
    );
    await expect(failing).rejects.toThrow(/NOT NULL/);
    expect(await synchronous()).toBe(2);
    expect(await rows()).toBe(3);
    // Prisma's own statements, on the same connection, see FULL too.
    const [row] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
    expect(Number(row!.synchronous)).toBe(2);
  });
});

const autocheckpoint = () => bulkSql(db).read(async (sql) => Object.values((await sql.all<Record<string, number>>("PRAGMA wal_autocheckpoint"))[0]!)[0]!);

describe("a write burst", () => {
  it("commits without checkpointing; a second connection copies the WAL into the file meanwhile and at the end; then the connection checkpoints again", async () => {
    const file = path.join(dir, "bulk.db");
    const before = statSync(file).size;
    const inside = await bulkSql(db).writeBurst(async () => {
      const setting = await autocheckpoint();
      // ~8 MB in 8 commits: far past the 1,000 pages (4 MB) at which a commit would checkpoint by itself.
      for (let i = 0; i < 8; i += 1) {
        await bulkSql(db).transaction(async (sql) => {
          for (let j = 0; j < 250; j += 1) await sql.run(`INSERT INTO "T" ("v") VALUES (?)`, ["x".repeat(4000)]);
        }, { durable: false });
      }
      return setting;
    });
    expect(inside).toBe(0);
    // The pages are in the database file itself: only a checkpoint puts them there, and this connection made none.
    expect(statSync(file).size - before).toBeGreaterThan(7_000_000);
    expect(await autocheckpoint()).toBe(1000);
    expect(await rows()).toBe(3 + 2000);
  });
});
