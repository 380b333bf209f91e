/**
 * An import's lines are found by ranges of "StatementLine"'s primary key (the
 * id is the import's and the zero-padded line number's), not by an index on
 * "importId", which staging would have to keep up to date line by line. Every
 * statement an import sends that reads "StatementLine" — staging, matching,
 * discarding a malformed file — is captured as better-sqlite3 prepares it and
 * explained by SQLite: none may scan the table.
 */
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bulkSql } from "@/lib/db/client";
import { startHarness, type Harness } from "@/test/harness";
import { TEST_DIALECT } from "@/test/postgres";
import { statementLineId, statementLineIds } from "./stage-statement-lines";
import { line, reconciliationHelpers, statement } from "./statement-test-support";

let h: Harness;
const prepared = new Set<string>();
beforeAll(async () => {
  const prepare = Reflect.get(Database.prototype, "prepare") as (this: Database.Database, source: string) => Database.Statement;
  vi.spyOn(Database.prototype, "prepare").mockImplementation(function (this: Database.Database, source: string) {
    prepared.add(source);
    return prepare.call(this, source);
  });
  h = await startHarness();
});
afterAll(() => {
  vi.restoreAllMocks();
  return h?.close();
});
const { importText, paidOrder } = reconciliationHelpers(() => h);

describe("an import's lines", () => {
  it("are one range of ids, in line order, that no other import's ids fall into", () => {
    const [from, to] = statementLineIds("stm_01JD0000000000000000000000", 0);
    const ids = [0, 1, 9, 10, 4_999, 5_000, 9_999_999_999].map((n) => statementLineId("stm_01JD0000000000000000000000", n));
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids) expect(id >= from && id < to).toBe(true);
    const other = statementLineId("stm_01JD0000000000000000000001", 0);
    expect(other >= from && other < to).toBe(false);
    expect(statementLineIds("stm_01JD0000000000000000000000", 5_000, 10_000)).toEqual([ids[5], statementLineId("stm_01JD0000000000000000000000", 10_000)]);
  });

  // SQLite's plans, of the statements better-sqlite3 prepares; on PostgreSQL the reconciliation tests prove the ranges select the right lines.
  it.skipIf(TEST_DIALECT === "postgresql")("are staged, matched and discarded by statements that never scan the table", async () => {
    const a = await paidOrder(1200, "2026-03-01T08:00:00Z");
    const b = await paidOrder(800, "2026-03-01T09:00:00Z", { paid: 801 });
    await importText(statement("2026-03-01", [line(a.movement), line(b.movement)]));
    // A malformed file after a good line: the staged line is discarded.
    const c = await paidOrder(500, "2026-03-02T08:00:00Z");
    await expect(importText(statement("2026-03-02", [line(c.movement), "2026-03-02T09:00:00Z,PAYMENT,x"]))).rejects.toThrow();

    const statements = [...prepared].filter((sql) => sql.includes(`"StatementLine"`));
    expect(statements.some((sql) => sql.startsWith("UPDATE"))).toBe(true);
    expect(statements.some((sql) => sql.startsWith("DELETE"))).toBe(true);
    for (const sql of statements) {
      const params = new Array<null>((sql.match(/\?/g) ?? []).length).fill(null);
      const plan = await bulkSql(h.ctx.db).read((q) => q.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, params));
      const scans = plan.map((p) => p.detail).filter((d) => /^SCAN (l|StatementLine)\b/.test(d));
      expect(scans, sql).toEqual([]);
    }
  });
});
