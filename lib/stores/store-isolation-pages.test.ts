/**
 * Store isolation of the owner and terminal pages: every server action and
 * page loader under app/(owner) and app/(terminal) calls a use case with the
 * signed-in staff member's actor or storeId. Here each of those use cases is
 * called exactly as its action or page calls it, as store A's owner (or A's
 * cashier for the terminal screens) with store B's ids: writes answer
 * not_found (or, for a reference inside A's own request, invalid_request) and
 * leave every B row as it was; reads never return B's rows. Each check first
 * shows that the B row exists and is visible to B's own actor or storeId.
 *
 * Store B has real rows of every kind: an order paid at Sandbox Pay through
 * the chain's shared account (B's own connection), a refund of it, an open
 * order, a discrepancy, a category and a product, its own settings, a second
 * (private) provider account with a delivery in the inbox, and a statement import.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/create-api-key";
import { listApiKeys } from "@/lib/auth/list-api-keys";
import { listAuditActors } from "@/lib/audit/list-audit-actors";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { itemsFromCart } from "@/lib/catalogue/items-from-cart";
import { listCatalogue, listProducts } from "@/lib/catalogue/list-products";
import { saveCategory } from "@/lib/catalogue/save-category";
import { saveProduct } from "@/lib/catalogue/save-product";
import { addStaff } from "@/lib/auth/add-staff";
import { actorRef, type Actor } from "@/lib/context";
import { newId } from "@/lib/ids";
import { getDelivery } from "@/lib/notifications/get-delivery";
import { listDeliveries } from "@/lib/notifications/list-deliveries";
import { replayDelivery } from "@/lib/notifications/replay-delivery";
import { browseOrders } from "@/lib/orders/browse-orders";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { chargeAgain } from "@/lib/orders/charge-again";
import { checkOrder } from "@/lib/orders/check-order";
import { createOrder } from "@/lib/orders/create-order";
import { getOrderDetails } from "@/lib/orders/get-order-details";
import { loadOrder } from "@/lib/orders/load-order";
import { listProviderConnections } from "@/lib/providers/list-provider-connections";
import { saveProviderCredentials } from "@/lib/providers/save-provider-credentials";
import { findProviderConnection } from "@/lib/providers/provider-connection-view";
import { finishSecretRotation, startSecretRotation } from "@/lib/providers/rotate-webhook-secret";
import { setDefaultConnection } from "@/lib/providers/set-default-connection";
import { storeConnections } from "@/lib/providers/store-connections";
import { updateProviderConnection } from "@/lib/providers/update-provider-connection";
import { wechatFixture } from "@/lib/providers/wechat/wechat-test-support";
import { closeDay } from "@/lib/reconciliation/close-day";
import { fetchStatement } from "@/lib/reconciliation/fetch-statement";
import { getDayClose } from "@/lib/reconciliation/get-day-close";
import { getReconciliationDay } from "@/lib/reconciliation/get-reconciliation-day";
import { DISCREPANCY_TYPES } from "@/lib/reconciliation/open-discrepancy";
import { resolveDiscrepancy } from "@/lib/reconciliation/resolve-discrepancy";
import { refundDiscrepancy } from "@/lib/refunds/refund-discrepancy";
import { requestRefund } from "@/lib/refunds/request-refund";
import { listStaff } from "@/lib/staff/list-staff";
import { addTerminal } from "@/lib/terminals/add-terminal";
import { appErrorOf, eventually, startHarness, type Harness } from "@/test/harness";
import { businessDayOf } from "./business-day";
import { createStore } from "./create-store";
import { getStore } from "./get-store";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";
import { storeSettingsOf } from "./store-settings";
import { updateStoreSettings } from "./update-store-settings";

let h: Harness;
let bOwner: Actor;
let b: {
  storeId: string;
  ownerId: string;
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
};
let today: string;

const code = async (call: Promise<unknown>) => (await appErrorOf(call)).code;

/** Every B row a page or action could read or touch, to compare before and after. */
async function bRows() {
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

beforeAll(async () => {
  h = await startHarness();
  today = businessDayOf(h.ctx.now(), "Asia/Shanghai");
  const db = h.ctx.db;
  const store = await createStore(h.ctx, { name: "Shop B", ownerName: "B Owner", ownerPin: "5802", ownerKey: true });
  bOwner = { kind: "staff", id: store.ownerId, storeId: store.storeId, terminalId: store.terminalId, role: "owner" };
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
  b = {
    storeId: store.storeId,
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
  };
}, 60_000);

afterAll(async () => {
  await h?.close();
});

it("store B has every kind of row, and B's payment and refund landed on B", async () => {
  const rows = await bRows();
  for (const kind of ["orders", "payments", "refunds", "discrepancies", "products", "categories", "accounts", "connections", "deliveries", "imports"] as const) {
    expect(rows[kind].length, kind).toBeGreaterThan(0);
  }
  expect(rows.payments.map((p) => [p.id, p.orderId, p.amount])).toEqual([[b.paymentId, b.paidOrderId, 1234]]);
  expect(rows.refunds.map((r) => [r.id, r.status])).toEqual([[b.refundId, "succeeded"]]);
  expect(rows.store.amountTolerance).toBe(7);
});

describe("reads: A's page loaders never return B's rows", () => {
  it("orders list, search and filters (orders page, find-orders-to-link)", async () => {
    for (const query of [{}, { q: b.paidReference }, { day: today, q: "12.34" }]) {
      const mine = await browseOrders(h.ctx, { storeId: b.storeId, ...query, limit: 50 });
      expect(mine.rows.map((r) => r.id), JSON.stringify(query)).toContain(b.paidOrderId);
      const theirs = await browseOrders(h.ctx, { storeId: h.owner.storeId, ...query, limit: 50 });
      expect(JSON.stringify(theirs.rows)).not.toContain(b.paidOrderId);
      expect(JSON.stringify(theirs.rows)).not.toContain(b.openOrderId);
    }
    // B's cashier and terminal as A's filters are ignored, never a way in.
    const named = await browseOrders(h.ctx, { storeId: h.owner.storeId, cashier: `staff:${b.ownerId}`, terminal: b.terminalId, limit: 50 });
    expect(JSON.stringify(named.rows)).not.toContain(b.paidOrderId);
  });

  it("order detail, charge, receipt and scan pages: B's id or reference loads nothing in A", async () => {
    for (const ref of [b.paidOrderId, b.paidReference, b.openOrderId]) {
      expect(await loadOrder(h.ctx.db, b.storeId, ref), ref).not.toBeNull();
      expect(await loadOrder(h.ctx.db, h.owner.storeId, ref), ref).toBeNull();
    }
    expect(await getOrderDetails(h.ctx, { storeId: b.storeId, orderId: b.paidOrderId })).not.toBeNull();
    expect(await getOrderDetails(h.ctx, { storeId: h.owner.storeId, orderId: b.paidOrderId })).toBeNull();
  });

  it("reconciliation day and day close: B's discrepancy, payment and refund are not A's", async () => {
    const mine = await getReconciliationDay(h.ctx, { storeId: b.storeId, day: today, status: "all" });
    expect(mine.discrepancies.map((d) => d.id)).toContain(b.discrepancyId);
    const theirs = await getReconciliationDay(h.ctx, { storeId: h.owner.storeId, day: today, status: "all" });
    const text = JSON.stringify(theirs);
    for (const id of [b.discrepancyId, b.paymentId, b.paidOrderId, b.refundId, b.importId]) expect(text).not.toContain(id);
    const bClose = await getDayClose(h.ctx, { storeId: b.storeId, day: today });
    expect(bClose.report.payments.total).toEqual({ count: 1, amount: 1234 });
    expect(bClose.report.refunds.amount).toBe(200);
    const aClose = await getDayClose(h.ctx, { storeId: h.owner.storeId, day: today });
    const aPaid = await h.ctx.db.payment.aggregate({ where: { storeId: h.owner.storeId }, _count: true, _sum: { amount: true } });
    expect(aClose.report.payments.total).toEqual({ count: aPaid._count, amount: aPaid._sum.amount ?? 0 });
  });

  it("inbox list and delivery detail: B's own account's delivery is not A's", async () => {
    const filter = { timeZone: "Asia/Shanghai", limit: 100 };
    expect((await listDeliveries(h.ctx, { storeId: b.storeId, ...filter })).data.map((d) => d.id)).toContain(b.deliveryId);
    expect((await getDelivery(h.ctx, { storeId: b.storeId, deliveryId: b.deliveryId })).id).toBe(b.deliveryId);
    expect((await listDeliveries(h.ctx, { storeId: h.owner.storeId, ...filter })).data.map((d) => d.id)).not.toContain(b.deliveryId);
    expect(await code(getDelivery(h.ctx, { storeId: h.owner.storeId, deliveryId: b.deliveryId }))).toBe("not_found");
  });

  it("audit log and its actor filter", async () => {
    const filter = { timeZone: "Asia/Shanghai", limit: 200 };
    const mine = await listAuditEvents(h.ctx, { storeId: b.storeId, ...filter });
    expect(mine.data.map((e) => e.entityId)).toContain(b.productId);
    expect((await listAuditActors(h.ctx, b.storeId)).map((a) => a.value)).toContain(`staff:${b.ownerId}`);
    const theirs = await listAuditEvents(h.ctx, { storeId: h.owner.storeId, ...filter });
    const text = JSON.stringify(theirs.data);
    for (const id of [b.storeId, b.productId, b.categoryId, b.paidOrderId, b.refundId, b.ownerId]) expect(text).not.toContain(id);
    // B's owner as A's actor filter finds nothing.
    expect((await listAuditEvents(h.ctx, { storeId: h.owner.storeId, actor: `staff:${b.ownerId}`, ...filter })).data).toEqual([]);
    expect(JSON.stringify(await listAuditActors(h.ctx, h.owner.storeId))).not.toContain(b.ownerId);
  });

  it("catalogue (admin) and the sale screen's grid", async () => {
    const mine = await listCatalogue(h.ctx, b.storeId);
    expect(mine.products.map((p) => p.id)).toEqual([b.productId]);
    expect((await listProducts(h.ctx, b.storeId)).categories.map((c) => c.id)).toEqual([b.categoryId]);
    for (const list of [await listCatalogue(h.ctx, h.owner.storeId), await listProducts(h.ctx, h.owner.storeId)]) {
      expect(JSON.stringify(list)).not.toContain(b.productId);
      expect(JSON.stringify(list)).not.toContain(b.categoryId);
    }
  });

  it("staff, keys and terminals, settings", async () => {
    expect((await listStaff(h.ctx, b.storeId)).map((s) => s.id)).toContain(b.ownerId);
    expect((await listApiKeys(h.ctx, b.storeId)).keys.map((k) => k.id)).toContain(b.keyId);
    expect(JSON.stringify(await listStaff(h.ctx, h.owner.storeId))).not.toContain(b.ownerId);
    const keys = await listApiKeys(h.ctx, h.owner.storeId);
    expect(JSON.stringify(keys)).not.toContain(b.keyId);
    expect(keys.terminals.map((t) => t.id)).not.toContain(b.terminalId);
    expect((await getStore(h.ctx, b.storeId)).name).toBe("Shop B");
    expect((await getStore(h.ctx, h.owner.storeId)).name).not.toBe("Shop B");
  });

  it("provider page and the sale screen's connections", async () => {
    expect((await listProviderConnections(h.ctx, b.storeId)).map((c) => c.connectionId).sort()).toEqual([b.sharedConnectionId, b.privateConnectionId].sort());
    expect((await storeConnections(h.ctx.db, b.storeId)).map((c) => c.id)).toContain(b.privateConnectionId);
    for (const list of [await listProviderConnections(h.ctx, h.owner.storeId), await storeConnections(h.ctx.db, h.owner.storeId)]) {
      expect(JSON.stringify(list)).not.toContain(b.sharedConnectionId);
      expect(JSON.stringify(list)).not.toContain(b.privateConnectionId);
      expect(JSON.stringify(list)).not.toContain(b.privateAccountId);
    }
    expect((await findProviderConnection(h.ctx, h.owner.storeId))?.accountId).toBe(SANDBOX_ACCOUNT_ID);
  });
});

describe("writes: A's actions with B's ids answer not_found and change nothing of B", () => {
  it("terminal actions as A's cashier: cancel, check, charge again, refund, sale", async () => {
    expect(await loadOrder(h.ctx.db, b.storeId, b.openOrderId)).not.toBeNull();
    const before = await bRows();
    const cashier = h.cashier;
    for (const [name, attempt] of [
      ["cancel", () => cancelOrder(h.ctx, { actor: cashier, orderId: b.openOrderId })],
      ["check", () => checkOrder(h.ctx, { actor: cashier, orderId: b.paidOrderId })],
      ["charge again", () => chargeAgain(h.ctx, { actor: cashier, orderId: b.openOrderId })],
      ["refund by id", () => requestRefund(h.ctx, { actor: cashier, orderId: b.paidOrderId, paymentId: b.paymentId, amount: 1, reason: "goods_returned", key: "a-probe-0001" })],
      ["refund by reference", () => requestRefund(h.ctx, { actor: cashier, orderId: b.paidReference, amount: 1, reason: "goods_returned", key: "a-probe-0002" })],
    ] as const) {
      expect(await code(attempt()), name).toBe("not_found");
    }
    // The sale screen: B's product in A's cart, or B's connection for A's QR, is refused.
    expect(await code(itemsFromCart(h.ctx, { storeId: cashier.storeId, cart: [{ productId: b.productId, quantity: 1 }] }))).toBe("invalid_request");
    expect(await code(createOrder(h.ctx, { actor: cashier, input: { amount: 100, connectionId: b.privateConnectionId } }))).toBe("invalid_request");
    expect(await bRows()).toEqual(before);
  });

  it("refund of A's own order: B's payment, or B's owner's PIN as the approver, is refused", async () => {
    const { orderId, chargeId } = await h.newOrder(900);
    await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    const a = await getStore(h.ctx, h.owner.storeId);
    await updateStoreSettings(h.ctx, { actor: h.owner, settings: { ...storeSettingsOf(a), refundApprovalThreshold: 0 } });
    const before = await bRows();
    const refund = { actor: h.cashier, orderId, amount: 1, reason: "goods_returned" };
    expect(await code(requestRefund(h.ctx, { ...refund, paymentId: b.paymentId, key: "a-probe-0003" }))).toBe("invalid_request");
    expect(await code(requestRefund(h.ctx, { ...refund, approverPin: "5802", key: "a-probe-0004" }))).toBe("approval_required");
    expect(await bRows()).toEqual(before);
    await updateStoreSettings(h.ctx, { actor: h.owner, settings: storeSettingsOf(a) });
    // B's owner's PIN does approve a refund in B (the PIN was right, for its own store).
    const bCashier: Actor = { ...bOwner, role: "cashier" };
    const { refund: approved } = await requestRefund(h.ctx, { actor: bCashier, orderId: b.paidOrderId, amount: 1, reason: "goods_returned", approverPin: "5802", key: "b-approved-01" });
    expect(approved.approvedBy).toBe(`staff:${b.ownerId}`);
    await eventually(async () => (await h.ctx.db.refund.findUniqueOrThrow({ where: { id: approved.id } })).status === "succeeded");
  });

  it("reconciliation actions as A's owner: resolve (each resolution) and refund B's discrepancy", async () => {
    expect(await h.ctx.db.discrepancy.findFirst({ where: { id: b.discrepancyId, storeId: b.storeId, status: "open" } })).not.toBeNull();
    const before = await bRows();
    const actor = h.owner;
    for (const resolution of ["written_off", "refunded", "accepted"] as const) {
      expect(await code(resolveDiscrepancy(h.ctx, { actor, discrepancyId: b.discrepancyId, resolution, note: "probe" })), resolution).toBe("not_found");
    }
    expect(await code(resolveDiscrepancy(h.ctx, { actor, discrepancyId: b.discrepancyId, resolution: "linked", note: "probe", orderId: b.paidOrderId }))).toBe("not_found");
    expect(await code(refundDiscrepancy(h.ctx, { actor, discrepancyId: b.discrepancyId, amount: 1, reason: "paid_twice", key: "a-probe-0004" }))).toBe("not_found");
    expect(await bRows()).toEqual(before);
  });

  it("linking A's own unknown payment to B's order is not_found; to A's order it links", async () => {
    const paymentId = newId("pay");
    await h.ctx.db.payment.create({
      data: { id: paymentId, storeId: h.owner.storeId, accountId: SANDBOX_ACCOUNT_ID, providerPaymentId: `iso_${paymentId}`, providerChargeId: `iso_${paymentId}`, merchantRef: "iso-unknown", amount: 500, currency: "CNY", paidAt: h.ctx.now(), source: "notification" },
    });
    const discrepancyId = newId("dis");
    await h.ctx.db.discrepancy.create({ data: { id: discrepancyId, storeId: h.owner.storeId, type: "unknown_order", dedupeKey: `iso:${discrepancyId}`, paymentId, actualAmount: 500, currency: "CNY" } });
    const before = await bRows();
    const link = (orderId: string) => resolveDiscrepancy(h.ctx, { actor: h.owner, discrepancyId, resolution: "linked", note: "probe", orderId });
    expect(await code(link(b.openOrderId))).toBe("not_found");
    expect(await bRows()).toEqual(before);
    const { orderId } = await h.newOrder(500);
    expect((await link(orderId)).orderId).toBe(orderId);
  });

  it("catalogue actions as A's owner: edit B's product and category, or file A's product under B's category", async () => {
    const before = await bRows();
    const actor = h.owner;
    const product = { nameZh: "探针", nameEn: "Probe", unitAmount: 1, sortOrder: 0, active: false };
    expect(await code(saveProduct(h.ctx, { actor, product: { ...product, id: b.productId, categoryId: null } }))).toBe("not_found");
    expect(await code(saveCategory(h.ctx, { actor, category: { id: b.categoryId, nameZh: "探针", nameEn: "Probe", sortOrder: 0, active: false } }))).toBe("not_found");
    expect(await code(saveProduct(h.ctx, { actor, product: { ...product, categoryId: b.categoryId } }))).toBe("invalid_request");
    expect(await bRows()).toEqual(before);
    // The same edit as B's owner goes through: the call could have changed the row.
    await saveProduct(h.ctx, { actor: bOwner, product: { ...product, id: b.productId, nameEn: "B coffee", nameZh: "B 咖啡", unitAmount: 1234, categoryId: b.categoryId, active: true } });
  });

  it("inbox, keys and provider actions as A's owner", async () => {
    const before = await bRows();
    const actor = h.owner;
    expect(await code(replayDelivery(h.ctx, { actor, deliveryId: b.deliveryId }))).toBe("not_found");
    expect(await code(createApiKey(h.ctx, { actor, name: "probe", role: "owner", terminalId: b.terminalId }))).toBe("not_found");
    for (const connectionId of [b.sharedConnectionId, b.privateConnectionId]) {
      expect(await code(setDefaultConnection(h.ctx, { actor, connectionId }))).toBe("not_found");
    }
    // A's own provider edits and a terminal with B's code touch A's rows only.
    await updateProviderConnection(h.ctx, { actor, baseUrl: h.sandbox.url });
    await startSecretRotation(h.ctx, { actor, newSecret: "whsec_QUFBQUFBQUFBQUFBQUFBQUFBQUFB" });
    await finishSecretRotation(h.ctx, { actor });
    await addTerminal(h.ctx, { actor, code: "T7", name: "Probe" });
    expect(await bRows()).toEqual(before);
    // B's owner can make B's private connection the default: the call could have changed the row.
    await setDefaultConnection(h.ctx, { actor: bOwner, connectionId: b.privateConnectionId });
    await setDefaultConnection(h.ctx, { actor: bOwner, connectionId: b.sharedConnectionId });
  });

  it("staff and provider credentials as A's owner: a new A cashier with B's owner's PIN, A's own WeChat Pay account", async () => {
    const before = await bRows();
    await addStaff(h.ctx, { storeId: h.owner.storeId, actor: actorRef(h.owner), name: "A probe", role: "cashier", pin: "5802" });
    const { baseUrl, timeoutMs: _t, now: _n, ...credentials } = wechatFixture().config("https://api.mch.weixin.qq.com");
    const { accountId } = await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl, credentials });
    expect((await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: accountId } })).storeId).toBe(h.owner.storeId);
    expect(await bRows()).toEqual(before);
  });

  it("settings: A's save changes A's store only", async () => {
    const before = await bRows();
    const a = await getStore(h.ctx, h.owner.storeId);
    const settings = { ...storeSettingsOf(a), qrLifetimeS: 321, amountTolerance: 3 };
    await updateStoreSettings(h.ctx, { actor: h.owner, settings });
    expect(storeSettingsOf(await getStore(h.ctx, h.owner.storeId))).toEqual(settings);
    expect(await bRows()).toEqual(before);
  });

  it("fetch statement and day close: A's import and close leave B's day open", async () => {
    const before = await bRows();
    const paidOn = before.payments[0]!.paidAt; // the (UTC) statement day that holds B's payment, and the day before it
    const yesterday = new Date(paidOn.getTime() - 86_400_000).toISOString().slice(0, 10);
    const imported = await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: yesterday, importedBy: actorRef(h.owner) });
    expect(imported).toMatchObject({ day: yesterday, repeated: false });
    expect((await h.ctx.db.statementImport.findUniqueOrThrow({ where: { id: imported.importId } })).storeId).toBe(h.owner.storeId);
    expect(await bRows()).toEqual(before);
    // Today's statement of the chain's shared account holds B's payment too: matching is per account
    // (lib/reconciliation/match-statement-import.ts), so A's import books that payment's fee and net
    // on B's row, and changes nothing else of B. (Reported: an account-wide effect, not a page leak.)
    await fetchStatement(h.ctx, { storeId: h.owner.storeId, day: paidOn.toISOString().slice(0, 10), importedBy: actorRef(h.owner) });
    const booked = await bRows();
    expect(booked.payments.map(({ fee: _f, net: _n, ...rest }) => rest)).toEqual(before.payments.map(({ fee: _f, net: _n, ...rest }) => rest));
    expect(booked.payments.map((p) => p.fee)).not.toContain(null);
    expect({ ...booked, payments: [] }).toEqual({ ...before, payments: [] });
    const closed = await closeDay(h.ctx, { actor: h.owner, day: today, acknowledged: [...DISCREPANCY_TYPES] });
    expect(closed.repeated).toBe(false);
    expect((await getDayClose(h.ctx, { storeId: h.owner.storeId, day: today })).state).toBe("closed");
    const bDay = await getDayClose(h.ctx, { storeId: b.storeId, day: today });
    expect(bDay.state).toBe("open");
    expect(bDay.report.payments.total).toEqual({ count: 1, amount: 1234 });
    expect(await bRows()).toEqual(booked);
  });

  it("B's owner can do what A could not (the calls above were able to succeed)", async () => {
    expect((await cancelOrder(h.ctx, { actor: bOwner, orderId: b.openOrderId })).status).toBe("cancelled");
    expect((await resolveDiscrepancy(h.ctx, { actor: bOwner, discrepancyId: b.discrepancyId, resolution: "written_off", note: "B's own" })).status).toBe("resolved");
    // B's delivery passes B's store check and is then refused for what it is (no event to re-apply), never as not_found.
    expect(await code(replayDelivery(h.ctx, { actor: bOwner, deliveryId: b.deliveryId }))).toBe("conflict");
  });
});
