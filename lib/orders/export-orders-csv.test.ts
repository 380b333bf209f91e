/**
 * The orders CSV against a real SQLite file and Sandbox Pay: the filtered
 * orders of every page (not one screen's worth), a terminal's alone when one
 * is chosen, amounts as decimals, times on the store's clock (Asia/Shanghai)
 * with their offset, and a note that cannot run as a formula.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/context";
import { addTerminal } from "@/lib/terminals/add-terminal";
import { startHarness, type Harness } from "@/test/harness";
import { createOrder } from "./create-order";
import { exportOrdersCsv } from "./export-orders-csv";
import { ORDERS_CSV_HEADER } from "./orders-csv-header";
import type { OrderListQuery } from "./resolve-order-list";

let h: Harness;
let register: Actor;
let registerId: string;
const DAY = "2026-11-20";
const refs: Record<string, string> = {};

/** An order made by `actor`, moved to a chosen time (an order's time is the server's clock). */
async function orderAt(actor: Actor, createdAt: string, amount: number, note?: string): Promise<string> {
  const order = await createOrder(h.ctx, { actor, input: { amount, note } });
  await h.ctx.db.order.update({ where: { id: order.id }, data: { createdAt: new Date(createdAt) } });
  return order.reference;
}

async function csvOf(query: Omit<OrderListQuery, "storeId">, batch?: number): Promise<string[][]> {
  let text = "";
  for await (const chunk of await exportOrdersCsv(h.ctx, { storeId: h.owner.storeId, ...query }, { batch })) text += chunk;
  expect(text.startsWith("\uFEFF")).toBe(true);
  expect(text.endsWith("\r\n")).toBe(true);
  // No cell of these orders holds a comma, quote or line break except the quoted note, split apart below.
  return text
    .slice(1, -2)
    .split("\r\n")
    .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
}

beforeAll(async () => {
  h = await startHarness();
  registerId = (await addTerminal(h.ctx, { actor: h.owner, code: "R9", name: "Register 收银机" })).id;
  register = { ...h.cashier, terminalId: registerId };
  refs.counterEarly = await orderAt(h.cashier, "2026-11-20T01:00:00.000Z", 1200);
  refs.registerA = await orderAt(register, "2026-11-20T02:30:15.000Z", 2350, "=HYPERLINK(\"http://x\",\"pay\")");
  refs.registerB = await orderAt(register, "2026-11-20T15:59:59.000Z", 5);
  refs.registerOtherDay = await orderAt(register, "2026-11-20T16:00:00.000Z", 700);
  await h.ctx.db.order.updateMany({ where: { reference: refs.registerA }, data: { status: "paid", amountReceived: 2350, amountRefunded: 350, paidAt: new Date("2026-11-20T02:31:00.000Z") } });
});
afterAll(() => h?.close());

describe("exportOrdersCsv", () => {
  it("has the header, then the day's orders of every page newest first", async () => {
    const rows = await csvOf({ day: DAY }, 1);
    expect(rows[0]).toEqual(ORDERS_CSV_HEADER);
    expect(rows.slice(1).map((r) => r[0])).toEqual([refs.registerB, refs.registerA, refs.counterEarly]);
  });

  it("a terminal's orders alone, named by code and name, with decimal amounts, Shanghai times and a note that is never a formula", async () => {
    const rows = await csvOf({ day: DAY, terminal: registerId }, 2);
    expect(rows.slice(1).map((r) => r[0])).toEqual([refs.registerB, refs.registerA]);
    const byColumn = (row: string[]) => Object.fromEntries(ORDERS_CSV_HEADER.map((name, i) => [name, row[i]]));
    expect(byColumn(rows[2]!)).toEqual({
      reference: refs.registerA,
      status: "paid",
      amount: "23.50",
      received: "23.50",
      refunded: "3.50",
      currency: "CNY",
      created_at: "2026-11-20T10:30:15+08:00",
      paid_at: "2026-11-20T10:31:00+08:00",
      terminal: "R9 · Register 收银机",
      created_by: expect.any(String) as string,
      note: `"'=HYPERLINK(""http://x"",""pay"")"`,
    });
    expect(byColumn(rows[1]!)).toMatchObject({ amount: "0.05", received: "0.00", created_at: "2026-11-20T23:59:59+08:00", paid_at: "", note: "" });
  });

  it("a terminal of another store, or none of the store's, filters nothing away rather than reaching further", async () => {
    const rows = await csvOf({ day: DAY, terminal: "trm_NOTOURS00000000000000000000" });
    expect(rows.slice(1).map((r) => r[0])).toEqual([refs.registerB, refs.registerA, refs.counterEarly]);
  });

  it("the next day in the store's zone holds the order made at its midnight", async () => {
    const rows = await csvOf({ day: "2026-11-21", terminal: registerId });
    expect(rows.slice(1).map((r) => r[0])).toEqual([refs.registerOtherDay]);
  });
});
