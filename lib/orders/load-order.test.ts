/**
 * loadOrder reads by hand what Prisma's `include` would read: the same order,
 * items, charge, payments and refunds, field for field and type for type
 * (Dates, booleans, nulls), on SQLite and on PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { paidOrder } from "@/lib/refunds/refund-test-kit";
import { requestRefund } from "@/lib/refunds/request-refund";
import { eventually, startHarness, type Harness } from "@/test/harness";
import { createOrder } from "./create-order";
import { loadOrder, orderInclude } from "./load-order";

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const byPrisma = (id: string) => h.ctx.db.order.findUniqueOrThrow({ where: { id }, include: orderInclude });

describe("loadOrder", () => {
  it("returns what Prisma returns for an order with items, a charge, two payments (the second a duplicate) and refunds", async () => {
    const { orderId } = await paidOrder(h, 3000, 1);
    const order = (await loadOrder(h.ctx.db, h.cashier.storeId, orderId))!;
    await requestRefund(h.ctx, { actor: h.owner, orderId, paymentId: order.payments[0]!.id, amount: 500, reason: "customer_request", key: "load-order-1" });
    await requestRefund(h.ctx, { actor: h.owner, orderId, paymentId: order.payments[1]!.id, amount: 3000, reason: "duplicate", key: "load-order-2" });

    // Compared once nothing moves: both refunds answered by Sandbox Pay's notifications.
    const expected = await eventually(async () => {
      const read = await byPrisma(orderId);
      return read.refunds.every((r) => r.status === "succeeded") && read.amountRefunded === 3500 ? read : null;
    }, 15_000);
    expect(expected.payments).toHaveLength(2);
    expect(expected.refunds).toHaveLength(2);
    expect(expected.charge).not.toBeNull();
    const actual = await loadOrder(h.ctx.db, h.cashier.storeId, orderId);
    expect(actual).toStrictEqual(expected);
    expect(actual!.createdAt).toBeInstanceOf(Date);
    expect(typeof actual!.payments[0]!.late).toBe("boolean");
    // paid_at is the provider's time of the payment that made the order paid.
    expect(actual!.paidAt).toEqual(actual!.payments[0]!.paidAt);
    // By its reference too.
    expect(await loadOrder(h.ctx.db, h.cashier.storeId, expected.reference)).toStrictEqual(expected);
  });

  it("returns items in their order, and nulls where Prisma has nulls", async () => {
    const created = await createOrder(h.ctx, {
      actor: h.cashier,
      input: { items: [{ name: "Latte", unitAmount: 1175, quantity: 2 }, { name: "Cake", nameEn: "Cake", nameZh: "蛋糕", unitAmount: 900, quantity: 1 }], note: "table 4" },
    });
    const expected = await byPrisma(created.id);
    const actual = await loadOrder(h.ctx.db, h.cashier.storeId, created.id);
    expect(actual).toStrictEqual(expected);
    expect(actual!.items.map((i) => i.name)).toEqual(["Latte", "Cake"]);
    expect(actual!.paidAt).toBeNull();
  });

  it("finds nothing of another store, nor an order that does not exist", async () => {
    const { order } = await h.newOrder(100);
    expect(await loadOrder(h.ctx.db, "sto_another", order.id)).toBeNull();
    expect(await loadOrder(h.ctx.db, "sto_another", order.reference)).toBeNull();
    expect(await loadOrder(h.ctx.db, h.cashier.storeId, "ord_none")).toBeNull();
  });
});
