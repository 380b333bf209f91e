/**
 * The Orders screen's filters and day summary against a real SQLite file and
 * Sandbox Pay: a business day is the store's (Asia/Shanghai), not UTC's; an
 * amount typed as 23.5 finds orders of 2350 fen; a cashier's orders are theirs
 * alone; an order cancelled and then paid late shows what it received.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "@/lib/context";
import { businessDayRange } from "@/lib/stores/business-day";
import { startHarness, type Harness } from "@/test/harness";
import { cancelOrder } from "./cancel-order";
import { createOrder } from "./create-order";
import { displayStatus } from "./display-status";
import { getOrderDetails } from "./get-order-details";
import { listOrderCreators } from "./list-order-creators";
import { listOrders, type ListOrdersInput } from "./list-orders";
import type { OrderFilter } from "./order-filter";
import { parseOrderSearch } from "./parse-order-search";
import { summarizeOrders } from "./summarize-orders";

let h: Harness;
let storeId: string;
let staffCashier: Actor;
beforeAll(async () => {
  h = await startHarness();
  storeId = h.cashier.storeId;
  const staff = await h.ctx.db.staff.findFirstOrThrow({ where: { storeId, role: "cashier" } });
  staffCashier = { kind: "staff", id: staff.id, storeId, terminalId: h.cashier.terminalId, role: "cashier" };
});
afterAll(() => h?.close());

/** Every order of a filter, following the cursor (pages of 2, to cross page ends). */
async function allOrders(filter: Omit<ListOrdersInput, "storeId" | "limit" | "cursor">): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listOrders(h.ctx, { storeId, ...filter, limit: 2, cursor });
    ids.push(...page.data.map((o) => o.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return ids;
}

const day = (date: string, timeZone: string): Omit<OrderFilter, "storeId"> => {
  const { start, end } = businessDayRange(date, timeZone);
  return { createdFrom: start, createdBefore: end };
};

/** An order made now, then moved to `createdAt` (an order's time is the server's clock; tests need chosen ones). */
async function orderAt(createdAt: string, amount = 1000, actor: Actor = h.cashier): Promise<string> {
  const order = await createOrder(h.ctx, { actor, input: { amount } });
  await h.ctx.db.order.update({ where: { id: order.id }, data: { createdAt: new Date(createdAt) } });
  return order.id;
}

describe("orders of a business day", () => {
  const at: Record<string, string> = {};
  beforeAll(async () => {
    // Around 2026-11-28 in Shanghai (UTC+8): it starts at 16:00 UTC on the 27th and ends at 16:00 UTC on the 28th.
    for (const [name, time] of [
      ["lastOf27Shanghai", "2026-11-27T15:59:59.999Z"],
      ["firstOf28Shanghai", "2026-11-27T16:00:00.000Z"],
      ["firstOf28Utc", "2026-11-28T00:00:00.000Z"],
      ["lastOf28Shanghai", "2026-11-28T15:59:59.999Z"],
      ["firstOf29Shanghai", "2026-11-28T16:00:00.000Z"],
    ] as const) {
      at[name] = await orderAt(time, 1200);
    }
  });

  it("a day in the store's zone (Shanghai) runs from its midnight to the next, to the millisecond", async () => {
    expect(await allOrders({ ...day("2026-11-28", "Asia/Shanghai"), amount: 1200 })).toEqual([at.lastOf28Shanghai, at.firstOf28Utc, at.firstOf28Shanghai]);
  });

  it("the same date in UTC is another set of orders: Shanghai's evening of the 27th is not the 28th in UTC", async () => {
    expect(await allOrders({ ...day("2026-11-28", "UTC"), amount: 1200 })).toEqual([at.firstOf29Shanghai, at.lastOf28Shanghai, at.firstOf28Utc]);
  });

  it("the day's summary counts the same orders as its list", async () => {
    const summary = await summarizeOrders(h.ctx, { storeId, ...day("2026-11-28", "Asia/Shanghai"), amount: 1200 });
    expect(summary).toEqual({ count: 3, received: 0, refunded: 0 });
  });
});

describe("searching by amount and reference", () => {
  it("an amount typed as 23.5 finds the orders of 2350 fen, and only them", async () => {
    const a = await orderAt("2026-10-10T03:00:00.000Z", 2350);
    const b = await orderAt("2026-10-10T04:00:00.000Z", 2350);
    await orderAt("2026-10-10T05:00:00.000Z", 235);
    await orderAt("2026-10-10T06:00:00.000Z", 23500);
    const search = parseOrderSearch("23.5", "CNY");
    expect(search).toEqual({ amount: 2350 });
    expect(await allOrders({ ...day("2026-10-10", "Asia/Shanghai"), ...search })).toEqual([b, a]);
  });

  it("a reference typed without its zeros finds its order on any day", async () => {
    const id = await orderAt("2025-01-01T03:00:00.000Z", 999);
    const { reference } = await h.ctx.db.order.findUniqueOrThrow({ where: { id } });
    const search = parseOrderSearch(reference.toLowerCase().replace(/-0+/, "-"), "CNY");
    expect(search).toEqual({ reference });
    expect(await allOrders({ ...search })).toEqual([id]);
  });
});

describe("the cashier filter", () => {
  it("lists the orders a staff member made, and not those of the register's API key", async () => {
    const mine = await orderAt("2026-09-09T02:00:00.000Z", 700, staffCashier);
    const theirs = await orderAt("2026-09-09T03:00:00.000Z", 700, h.cashier);
    const filter = day("2026-09-09", "Asia/Shanghai");
    expect(await allOrders({ ...filter, createdBy: `staff:${staffCashier.id}` })).toEqual([mine]);
    expect(await allOrders({ ...filter, createdBy: `api_key:${h.cashier.id}` })).toEqual([theirs]);
    expect(await allOrders(filter)).toEqual([theirs, mine]);
  });

  it("names every staff member and API key of the store, staff first", async () => {
    const creators = await listOrderCreators(h.ctx, { storeId });
    expect(creators.map((c) => c.kind)).toEqual(["staff", "staff", "api_key", "api_key"]);
    expect(creators).toContainEqual({ ref: `staff:${staffCashier.id}`, kind: "staff", name: "Li Lei 李雷" });
  });
});

describe("an order cancelled and then paid late", () => {
  it("stays cancelled, shows what it received, and its page has the late payment and its discrepancy", async () => {
    const { orderId, chargeId } = await h.newOrder(2400);
    await cancelOrder(h.ctx, { actor: h.cashier, orderId });
    await h.pay(chargeId, { force: true });
    await h.delivered(chargeId, 1);

    const details = await getOrderDetails(h.ctx, { storeId, orderId });
    expect(details!.order).toMatchObject({ status: "cancelled", amountReceived: 2400 });
    expect(displayStatus(details!.order)).toBe("cancelled_received");
    expect(details!.order.payments).toHaveLength(1);
    expect(details!.order.payments[0]).toMatchObject({ amount: 2400, late: true, source: "notification" });
    expect(details!.methods[details!.order.payments[0]!.accountId]).toBe("Sandbox Pay");
    expect(details!.discrepancies.map((d) => d.type)).toEqual(["late_payment"]);

    // A summary counts what it received, though it is not paid.
    const summary = await summarizeOrders(h.ctx, { storeId, reference: details!.order.reference });
    expect(summary).toEqual({ count: 1, received: 2400, refunded: 0 });
    expect((await listOrders(h.ctx, { storeId, status: "cancelled", reference: details!.order.reference, limit: 5 })).data.map((o) => o.id)).toEqual([orderId]);
  });

  it("another store's order is not found", async () => {
    const { orderId } = await h.newOrder(100);
    expect(await getOrderDetails(h.ctx, { storeId: "sto_OTHER", orderId })).toBeNull();
  });
});
