/**
 * The day's CSV: one file with a record_type column, BOM, decimal amounts with
 * their currency, the store's clock with its offset, formula-safe text; every
 * row of the day once however small the batches; and every statement the day
 * close and the export send is served by an index.
 */
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Ctx } from "@/lib/context";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { startHarness, type Harness } from "@/test/harness";
import { closeDay } from "./close-day";
import { DAY_CSV_HEADER } from "./day-csv-header";
import { exportDayCsv } from "./export-day-csv";
import { getDayClose } from "./get-day-close";
import { feeOf, line, reconciliationHelpers, statement } from "./statement-test-support";
import { TEST_DIALECT } from "@/test/postgres";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());
const { importText, paidOrder, refundRow } = reconciliationHelpers(() => h);

async function csvOf(ctx: Ctx, day: string, batch?: number): Promise<string> {
  let text = "";
  for await (const chunk of await exportDayCsv(ctx, { storeId: h.owner.storeId, day, batch })) text += chunk;
  return text;
}

/** A CSV's records as arrays of cells (no cell here holds a comma, quote or line break). */
const recordsOf = (csv: string) => csv.slice(1).trimEnd().split("\r\n").map((l) => l.split(","));

describe("exportDayCsv", () => {
  it("writes the day's orders, payments, refunds and discrepancies, each once, with decimals, currency, the store's clock and no formula", async () => {
    // 2026-08-20 in Shanghai is [2026-08-19T16:00Z, 2026-08-20T16:00Z).
    const first = await paidOrder(2350, "2026-08-19T16:00:00Z");
    const second = await paidOrder(100005, "2026-08-20T15:59:59Z", { source: "query" });
    const outside = await paidOrder(999, "2026-08-20T16:00:00Z");
    for (const [id, at] of [[first.orderId, "2026-08-19T16:00:00Z"], [second.orderId, "2026-08-20T15:00:00Z"], [outside.orderId, "2026-08-20T17:00:00Z"]] as const) {
      await h.ctx.db.order.update({ where: { id }, data: { createdAt: new Date(at) } });
    }
    await h.ctx.db.order.update({ where: { id: first.orderId }, data: { note: "=HYPERLINK(\"x\")" } });
    const refund = await refundRow({ orderId: second.orderId, paymentId: second.paymentId! }, 5, "2026-08-20T01:02:03Z");
    await importText(statement("2026-08-19", [line(first.movement)]));
    const finding = newId("dis");
    await h.ctx.db.discrepancy.create({ data: { id: finding, storeId: h.owner.storeId, type: "overpaid", dedupeKey: `test:${finding}`, currency: "CNY", orderId: first.orderId, expectedAmount: 2350, actualAmount: 4700, detectedAt: new Date("2026-08-20T08:00:00Z"), note: "-1 owner" } });

    const csv = await csvOf(h.ctx, "2026-08-20");
    expect(csv.startsWith(`\uFEFF${DAY_CSV_HEADER.join(",")}\r\n`)).toBe(true);
    const records = recordsOf(csv).slice(1);
    expect(records.map((r) => r[0])).toEqual(["order", "order", "payment", "payment", "refund", "discrepancy"]);
    const cell = (record: string[], column: string) => record[DAY_CSV_HEADER.indexOf(column)];
    const [newest, oldest, pay1, pay2, ref, dis] = records as [string[], string[], string[], string[], string[], string[]];
    expect([cell(newest, "id"), cell(oldest, "id")]).toEqual([second.orderId, first.orderId]);
    expect(cell(oldest, "time")).toBe("2026-08-20T00:00:00+08:00");
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
    expect([cell(pay1, "id"), cell(pay1, "amount"), cell(pay1, "currency"), cell(pay1, "fee"), cell(pay1, "net"), cell(pay1, "kind")]).toEqual([first.paymentId, "23.50", "CNY", (feeOf(2350) / 100).toFixed(2), ((2350 - feeOf(2350)) / 100).toFixed(2), "notification"]);
    expect([cell(pay2, "amount"), cell(pay2, "kind"), cell(pay2, "fee"), cell(pay2, "time"), cell(pay2, "order_reference")]).toEqual(["1000.05", "query", "", "2026-08-20T23:59:59+08:00", (await h.ctx.db.order.findUniqueOrThrow({ where: { id: second.orderId } })).reference]);
    expect([cell(ref, "id"), cell(ref, "amount"), cell(ref, "status"), cell(ref, "time")]).toEqual([refund.id, "0.05", "succeeded", "2026-08-20T09:02:03+08:00"]);
    expect([cell(dis, "id"), cell(dis, "kind"), cell(dis, "amount"), cell(dis, "expected"), cell(dis, "status"), cell(dis, "note")]).toEqual([finding, "overpaid", "47.00", "23.50", "open", "'-1 owner"]);
    expect(csv).not.toContain(outside.orderId);
    expect(csv).not.toContain(outside.paymentId!);

    // Batches of one give the same file: every row once, across page ends.
    expect(await csvOf(h.ctx, "2026-08-20", 1)).toBe(csv);

    // Once the day is closed, each row names the day that booked it.
    await closeDay(h.ctx, { actor: h.owner, day: "2026-08-20", acknowledged: ["overpaid"] });
    const closed = recordsOf(await csvOf(h.ctx, "2026-08-20")).slice(1);
    expect(closed.filter((r) => r[0] !== "discrepancy").map((r) => cell(r, "booked_day"))).toEqual(Array(5).fill("2026-08-20"));
  });

  // Query plans are SQLite's (lib/db/list-query-plans.test.ts).
  it.runIf(TEST_DIALECT === "sqlite")("sends only index-served statements, for the export, the report and the close alike", async () => {
    const sqlite = new Database(h.dbPath, { readonly: true });
    const db = new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: h.dbPath }), log: [{ emit: "event", level: "query" }] });
    const sent: { query: string; params: unknown[] }[] = [];
    db.$on("query", (e) => sent.push({ query: e.query, params: JSON.parse(e.params) as unknown[] }));
    try {
      const ctx: Ctx = { ...h.ctx, db };
      await paidOrder(300, "2026-09-03T02:00:00Z");
      await csvOf(ctx, "2026-09-03", 2);
      await getDayClose(ctx, { storeId: h.owner.storeId, day: "2026-09-03" });
      await closeDay(ctx, { actor: h.owner, day: "2026-09-03", acknowledged: [] });
      await getDayClose(ctx, { storeId: h.owner.storeId, day: "2026-09-03" });
      await getDayClose(ctx, { storeId: h.owner.storeId, day: "2026-09-04" });
      const problems: string[] = [];
      for (const s of sent.filter((st) => /^\s*(SELECT|UPDATE)/i.test(st.query))) {
        const params = s.params.map((p) => (typeof p === "boolean" ? Number(p) : p));
        const plan = (sqlite.prepare(`EXPLAIN QUERY PLAN ${s.query}`).all(...params) as { detail: string }[]).map((r) => r.detail);
        // An aggregate may group its few rows in a B-tree and reads Prisma's subquery ("sub"); no statement may scan a table or sort a list.
        const bad = plan.filter((step) => /^SCAN (?!sub$)/.test(step) || /TEMP B-TREE FOR (ORDER BY|RIGHT PART)/.test(step));
        if (bad.length > 0 || !plan.some((step) => /^SEARCH .* USING (COVERING )?(INDEX|INTEGER PRIMARY KEY|PRIMARY KEY)/.test(step))) problems.push(`${s.query}\n  plan: ${plan.join(" | ")}`);
      }
      expect(sent.length).toBeGreaterThan(20);
      expect(problems).toEqual([]);
    } finally {
      await db.$disconnect();
      sqlite.close();
    }
  });
});
