import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "@/lib/ids";
import { businessDayOf } from "@/lib/stores/business-day";
import { createStore } from "@/lib/stores/create-store";
import { startHarness, type Harness } from "@/test/harness";
import { getChainDay } from "./get-chain-day";
import { getReconciliationSummary } from "./get-reconciliation-summary";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

it("shows each store's own summary for the day, with the chain's totals per currency", async () => {
  await h.newOrder(1200);
  await h.newOrder(800);
  const b = await createStore(h.ctx, { name: "Chain day B", ownerName: "B Owner", ownerPin: "5802" });
  const usd = await createStore(h.ctx, { name: "Chain day USD", ownerName: "U Owner", ownerPin: "5803", currency: "USD" });
  await h.ctx.db.discrepancy.create({ data: { id: newId("dis"), storeId: b.storeId, type: "unknown_order", dedupeKey: `chain-day:${b.storeId}`, actualAmount: 300, currency: "CNY" } });
  const day = businessDayOf(h.ctx.now(), "Asia/Shanghai");
  const view = await getChainDay(h.ctx, { homeStoreId: h.owner.storeId });
  expect(view).toMatchObject({ day, today: day, next: null });
  expect(view.stores.map((s) => s.id)).toEqual((await h.ctx.db.store.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }] })).map((s) => s.id));
  for (const store of view.stores) {
    const own = await getReconciliationSummary(h.ctx, { storeId: store.id, date: day });
    expect(store.figures).toEqual({ expected: own.expected, received: own.received, settled: own.settled, refunded: own.refunded, fees: own.fees, net: own.net });
    expect(store.openDiscrepancies).toEqual(own.openDiscrepancies);
  }
  const a = view.stores.find((s) => s.id === h.owner.storeId)!;
  expect(a.figures.expected).toBeGreaterThanOrEqual(2000);
  expect(view.stores.find((s) => s.id === b.storeId)!.openCount).toBe(1);
  const cny = view.stores.filter((s) => s.currency === "CNY");
  expect(view.totals).toEqual([
    { currency: "CNY", figures: { expected: cny.reduce((sum, s) => sum + s.figures.expected, 0), received: cny.reduce((sum, s) => sum + s.figures.received, 0), settled: 0, refunded: cny.reduce((sum, s) => sum + s.figures.refunded, 0), fees: 0, net: cny.reduce((sum, s) => sum + s.figures.net, 0) }, openCount: cny.reduce((sum, s) => sum + s.openCount, 0) },
    { currency: "USD", figures: { expected: 0, received: 0, settled: 0, refunded: 0, fees: 0, net: 0 }, openCount: 0 },
  ]);
  expect(view.stores.find((s) => s.id === usd.storeId)!.currency).toBe("USD");
  // Another day: the previous one, with a way forward to today.
  const yesterday = await getChainDay(h.ctx, { homeStoreId: h.owner.storeId, day: view.previous });
  expect([yesterday.day, yesterday.next]).toEqual([view.previous, day]);
  expect((await getChainDay(h.ctx, { homeStoreId: h.owner.storeId, day: "2026-02-30" })).day).toBe(day);
});
