/**
 * Store B for the page/action isolation tests (store-isolation-pages-reads/-writes):
 * real rows of every kind, made through the use cases where there is one: an
 * order paid at Sandbox Pay through the chain's shared account (B's own
 * connection) and refunded in part, an open order, a discrepancy, a category and
 * a product, B's own settings, a second (private) provider account with a
 * delivery in the inbox, and a statement import. Not a test file itself.
 */
import { expect } from "vitest";
import type { Actor } from "@/lib/context";
import { itemsFromCart } from "@/lib/catalogue/items-from-cart";
import { saveCategory } from "@/lib/catalogue/save-category";
import { saveProduct } from "@/lib/catalogue/save-product";
import { newId } from "@/lib/ids";
import { createOrder } from "@/lib/orders/create-order";
import { requestRefund } from "@/lib/refunds/request-refund";
import { appErrorOf, eventually, type Harness } from "@/test/harness";
import { businessDayOf } from "./business-day";
import { createStore } from "./create-store";
import { getStore } from "./get-store";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";
import { storeSettingsOf } from "./store-settings";
import { updateStoreSettings } from "./update-store-settings";

export type StoreB = {
  storeId: string;
  ownerId: string;
  /** B's owner as a signed-in staff member (PIN 5802). */
  owner: Actor;
  terminalId: string;
  keyId: string;
  paidOrderId: string;
  paidReference: string;
  paymentId: string;
  refundId: string;
  openOrderId: string;
  discrepancyId: string;
  categoryId: string;
  productId: string;
  sharedConnectionId: string;
  privateConnectionId: string;
  privateAccountId: string;
  deliveryId: string;
  importId: string;
  /** Today's business day in Shanghai (both stores' zone). */
  today: string;
};

export const B_OWNER_PIN = "5802";

/** The code of the AppError a call fails with. */
export const code = async (call: Promise<unknown>) => (await appErrorOf(call)).code;

export async function makeStoreB(h: Harness): Promise<StoreB> {
  const today = businessDayOf(h.ctx.now(), "Asia/Shanghai");
  const db = h.ctx.db;
  const store = await createStore(h.ctx, { name: "Shop B", ownerName: "B Owner", ownerPin: B_OWNER_PIN, ownerKey: true });
  const bOwner: Actor = { kind: "staff", id: store.ownerId, storeId: store.storeId, terminalId: store.terminalId, role: "owner" };
  // B charges through the chain's shared Sandbox Pay account on its own (default) connection ...
  const sharedConnectionId = newId("pc");
  await db.providerConnection.create({ data: { id: sharedConnectionId, storeId: store.storeId, accountId: SANDBOX_ACCOUNT_ID, name: "Sandbox Pay", isDefault: true } });
  // ... and also has an account of its own, whose inbox only B may see.
  const privateAccountId = newId("pa");
  const privateConnectionId = newId("pc");
  await db.providerAccount.create({ data: { id: privateAccountId, storeId: store.storeId, kind: "sandbox", name: "B's own", baseUrl: h.sandbox.url, apiKey: "sk_b_private", webhookSecret: "whsec_QmJCQkJCQkJCQkJCQkJCQkJCQkJC" } });
  await db.providerConnection.create({ data: { id: privateConnectionId, storeId: store.storeId, accountId: privateAccountId, name: "B private", isDefault: false } });
  await updateStoreSettings(h.ctx, { actor: bOwner, settings: { ...storeSettingsOf(await getStore(h.ctx, store.storeId)), qrLifetimeS: 900, amountTolerance: 7 } });

  const category = await saveCategory(h.ctx, { actor: bOwner, category: { nameZh: "饮料", nameEn: "Drinks B", sortOrder: 1, active: true } });
  const product = await saveProduct(h.ctx, { actor: bOwner, product: { nameZh: "B 咖啡", nameEn: "B coffee", unitAmount: 1234, categoryId: category.id, sortOrder: 1, active: true } });

  // A paid order (by notification), refunded in part, and an open one.
  const items = await itemsFromCart(h.ctx, { storeId: store.storeId, cart: [{ productId: product.id, quantity: 1 }] });
  const paid = await createOrder(h.ctx, { actor: bOwner, input: { items } });
  await h.pay(paid.charge!.providerChargeId!);
  await h.delivered(paid.charge!.providerChargeId!, 1);
  const payment = await eventually(() => db.payment.findFirst({ where: { orderId: paid.id } }));
  const { refund } = await requestRefund(h.ctx, { actor: bOwner, orderId: paid.id, amount: 200, reason: "goods_returned", key: "b-refund-0001" });
  await eventually(async () => (await db.refund.findUniqueOrThrow({ where: { id: refund.id } })).status === "succeeded");
  const open = await createOrder(h.ctx, { actor: bOwner, input: { amount: 777 } });

  const discrepancyId = newId("dis");
  await db.discrepancy.create({ data: { id: discrepancyId, storeId: store.storeId, type: "unknown_order", dedupeKey: `iso:${discrepancyId}`, paymentId: payment.id, actualAmount: 1, currency: "CNY" } });
  const deliveryId = newId("whd");
  await db.webhookDelivery.create({
    data: { id: deliveryId, accountId: privateAccountId, provider: "sandbox", eventId: "evt_b_private", eventType: "payment.succeeded", rawBody: "{}", headers: "{}", verified: true, outcome: "ignored" },
  });
  const importId = newId("stm");
  const start = new Date(`${today}T00:00:00Z`);
  await db.statementImport.create({
    data: { id: importId, storeId: store.storeId, accountId: privateAccountId, status: "imported", day: today, periodStart: start, periodEnd: new Date(start.getTime() + 86_400_000), sha256: `iso:${importId}`, lines: 0, matched: 0, opened: 0, importedBy: `staff:${store.ownerId}` },
  });
  return {
    storeId: store.storeId,
    owner: bOwner,
    ownerId: store.ownerId,
    terminalId: store.terminalId,
    keyId: store.ownerKey!.id,
    paidOrderId: paid.id,
    paidReference: paid.reference,
    paymentId: payment.id,
    refundId: refund.id,
    openOrderId: open.id,
    discrepancyId,
    categoryId: category.id,
    productId: product.id,
    sharedConnectionId,
    privateConnectionId,
    privateAccountId,
    deliveryId,
    importId,
    today,
  };
}

/** Every B row a page or action could read or touch, to compare before and after. */
export async function rowsOfStoreB(h: Harness, b: StoreB) {
  const db = h.ctx.db;
  const byId = { orderBy: { id: "asc" as const } };
  const storeId = b.storeId;
  return {
    store: await db.store.findUniqueOrThrow({ where: { id: storeId } }),
    orders: await db.order.findMany({ where: { storeId }, ...byId, include: { items: true, charge: true } }),
    payments: await db.payment.findMany({ where: { storeId }, ...byId }),
    refunds: await db.refund.findMany({ where: { storeId }, ...byId }),
    discrepancies: await db.discrepancy.findMany({ where: { storeId }, ...byId }),
    products: await db.product.findMany({ where: { storeId }, ...byId }),
    categories: await db.category.findMany({ where: { storeId }, ...byId }),
    accounts: await db.providerAccount.findMany({ where: { storeId }, ...byId }),
    connections: await db.providerConnection.findMany({ where: { storeId }, ...byId }),
    deliveries: await db.webhookDelivery.findMany({ where: { accountId: b.privateAccountId }, ...byId }),
    imports: await db.statementImport.findMany({ where: { storeId }, ...byId }),
    dayCloses: await db.dayClose.findMany({ where: { storeId }, ...byId }),
    staff: await db.staff.findMany({ where: { storeId }, ...byId }),
    terminals: await db.terminal.findMany({ where: { storeId }, ...byId }),
    keys: await db.apiKey.findMany({ where: { storeId }, ...byId }),
    audit: await db.auditEvent.count({ where: { storeId } }),
  };
}

/** Store B has every kind of row, and its payment and refund landed on B. */
export async function expectStoreBComplete(h: Harness, b: StoreB): Promise<void> {
  const rows = await rowsOfStoreB(h, b);
  for (const kind of ["orders", "payments", "refunds", "discrepancies", "products", "categories", "accounts", "connections", "deliveries", "imports"] as const) {
    expect(rows[kind].length, kind).toBeGreaterThan(0);
  }
  expect(rows.payments.map((p) => [p.id, p.orderId, p.amount])).toEqual([[b.paymentId, b.paidOrderId, 1234]]);
  expect(rows.refunds.map((r) => [r.id, r.status])).toEqual([[b.refundId, "succeeded"]]);
  expect(rows.store.amountTolerance).toBe(7);
}
