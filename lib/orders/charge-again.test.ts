/**
 * A sale's lines are stored as facts, not in the cashier's words, and an order
 * that ended unpaid can be rung up again as a new order with the same lines.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemsFromCart, typedAmountItem } from "@/lib/catalogue/items-from-cart";
import { newId } from "@/lib/ids";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { chargeAgain } from "@/lib/orders/charge-again";
import { createOrder } from "@/lib/orders/create-order";
import { orderJson } from "@/lib/orders/order-json";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";

let h: Harness;
let productId: string;
beforeAll(async () => {
  h = await startHarness();
  productId = newId("prd");
  await h.ctx.db.product.create({ data: { id: productId, storeId: h.cashier.storeId, nameEn: "Latte", nameZh: "拿铁", unitAmount: 1800 } });
});
afterAll(() => h?.close());

/** A sale of two lattes and a typed amount, as the sale screen makes it. */
async function sale() {
  const items = await itemsFromCart(h.ctx, { storeId: h.cashier.storeId, cart: [{ productId, quantity: 2 }] });
  return createOrder(h.ctx, { actor: h.cashier, input: { items: [...items, typedAmountItem(550)] } });
}

describe("sale lines", () => {
  it("keep a product's names in both languages and mark the typed amount, whatever language the cashier used", async () => {
    const order = orderJson(await sale());
    expect(order.amount).toBe(2 * 1800 + 550);
    expect(order.items).toEqual([
      { kind: "product", name: "拿铁", names: { en: "Latte", "zh-CN": "拿铁" }, unit_amount: 1800, quantity: 2 },
      { kind: "amount", name: "金额", names: null, unit_amount: 550, quantity: 1 },
    ]);
  });

  it("keep the names they were sold under after the product is renamed", async () => {
    const order = await sale();
    await h.ctx.db.product.update({ where: { id: productId }, data: { nameEn: "Flat white" } });
    const later = await h.ctx.db.orderItem.findFirstOrThrow({ where: { orderId: order.id, kind: "product" } });
    expect(later.nameEn).toBe("Latte");
    await h.ctx.db.product.update({ where: { id: productId }, data: { nameEn: "Latte" } });
  });
});

describe("chargeAgain", () => {
  it("rings an ended, unpaid order up again as a new order with its own charge and the same lines", async () => {
    const ended = await cancelOrder(h.ctx, { actor: h.cashier, orderId: (await sale()).id });
    const again = await chargeAgain(h.ctx, { actor: h.cashier, orderId: ended.id });
    expect(again.id).not.toBe(ended.id);
    expect(again.status).toBe("open");
    expect(again.charge?.providerChargeId).toBeTruthy();
    expect(again.charge?.providerChargeId).not.toBe(ended.charge?.providerChargeId);
    expect(orderJson(again).items).toEqual(orderJson(ended).items);
    expect(again.amount).toBe(ended.amount);
    // The ended order is left as it was.
    expect((await h.ctx.db.order.findUniqueOrThrow({ where: { id: ended.id } })).status).toBe("cancelled");
  });

  it("refuses an order that is still open: the customer can still pay its QR", async () => {
    const { orderId } = await h.newOrder(700);
    const error = await appErrorOf(chargeAgain(h.ctx, { actor: h.cashier, orderId }));
    expect(error.code).toBe("conflict");
  });

  it("refuses an ended order that money came in on: that is the owner's to accept or refund, not a second charge", async () => {
    const { orderId, chargeId } = await h.newOrder(700);
    await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { amount: 300 });
    const cancelled = await cancelOrder(h.ctx, { actor: h.cashier, orderId });
    expect(cancelled).toMatchObject({ status: "cancelled", amountReceived: 300 });
    const error = await appErrorOf(chargeAgain(h.ctx, { actor: h.cashier, orderId }));
    expect(error.code).toBe("conflict");
  });

  it("is not found for another store's order or an unknown id", async () => {
    const error = await appErrorOf(chargeAgain(h.ctx, { actor: h.cashier, orderId: "ord_00000000000000000000000000" }));
    expect(error.code).toBe("not_found");
  });
});
