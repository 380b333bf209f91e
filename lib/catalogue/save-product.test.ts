import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itemsFromCart } from "@/lib/catalogue/items-from-cart";
import { listProducts } from "@/lib/catalogue/list-products";
import { saveCategory } from "@/lib/catalogue/save-category";
import { saveProduct } from "@/lib/catalogue/save-product";
import { createOrder } from "@/lib/orders/create-order";
import { appErrorOf, startHarness, type Harness } from "@/test/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const tea = { nameZh: "绿茶", nameEn: "Green tea", unitAmount: 1200, categoryId: null, sortOrder: 1, active: true };

describe("the catalogue", () => {
  it("a product added by the owner is on sale in its category, and the change is audited", async () => {
    const { id: categoryId } = await saveCategory(h.ctx, { actor: h.owner, category: { nameZh: "饮品", nameEn: "Drinks", sortOrder: 0, active: true } });
    const { id } = await saveProduct(h.ctx, { actor: h.owner, product: { ...tea, categoryId } });
    const { products, categories } = await listProducts(h.ctx, h.owner.storeId);
    expect(products.find((p) => p.id === id)).toMatchObject({ nameEn: "Green tea", categoryId });
    expect(categories.map((c) => c.id)).toContain(categoryId);
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: "product.added" } });
    expect(audit.actor).toBe(`api_key:${h.owner.id}`);
  });

  it("a price change never alters an order already sold", async () => {
    const { id } = await saveProduct(h.ctx, { actor: h.owner, product: tea });
    const items = await itemsFromCart(h.ctx, { storeId: h.cashier.storeId, cart: [{ productId: id, quantity: 1 }] });
    const order = await createOrder(h.ctx, { actor: h.cashier, input: { items } });
    await saveProduct(h.ctx, { actor: h.owner, product: { ...tea, id, unitAmount: 1500 } });
    const after = await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id }, include: { items: true } });
    expect(after.amount).toBe(1200);
    expect(after.items[0]?.unitAmount).toBe(1200);
    const change = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: id, action: "product.changed" } });
    expect(JSON.parse(change.data ?? "{}")).toEqual({ unitAmount: { old: 1200, new: 1500 } });
  });

  it("a product switched off, or whose category is switched off, leaves the sale screen or its tab", async () => {
    const { id: categoryId } = await saveCategory(h.ctx, { actor: h.owner, category: { nameZh: "甜点", nameEn: "Desserts", sortOrder: 2, active: true } });
    const { id } = await saveProduct(h.ctx, { actor: h.owner, product: { ...tea, categoryId } });
    await saveCategory(h.ctx, { actor: h.owner, category: { id: categoryId, nameZh: "甜点", nameEn: "Desserts", sortOrder: 2, active: false } });
    expect((await listProducts(h.ctx, h.owner.storeId)).products.find((p) => p.id === id)?.categoryId).toBeNull();
    await saveProduct(h.ctx, { actor: h.owner, product: { ...tea, id, categoryId, active: false } });
    expect((await listProducts(h.ctx, h.owner.storeId)).products.some((p) => p.id === id)).toBe(false);
  });

  it("refuses a category of no store of the owner's and an unknown product", async () => {
    expect((await appErrorOf(saveProduct(h.ctx, { actor: h.owner, product: { ...tea, categoryId: "cat_elsewhere" } }))).errors?.[0]?.path).toBe("categoryId");
    expect((await appErrorOf(saveProduct(h.ctx, { actor: h.owner, product: { ...tea, id: "prd_nothing" } }))).code).toBe("not_found");
  });
});
