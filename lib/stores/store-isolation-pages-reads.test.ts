/**
 * Store isolation of the owner and terminal pages, reads: every page loader
 * under app/(owner) and app/(terminal) calls a use case with the signed-in
 * staff member's storeId. Called exactly so with store A's storeId (and B's
 * ids where the page takes an id), none returns B's rows; each check first
 * shows the B row is there for B's own storeId.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listApiKeys } from "@/lib/auth/list-api-keys";
import { listAuditActors } from "@/lib/audit/list-audit-actors";
import { listAuditEvents } from "@/lib/audit/list-audit-events";
import { listCatalogue, listProducts } from "@/lib/catalogue/list-products";
import { getDelivery } from "@/lib/notifications/get-delivery";
import { listDeliveries } from "@/lib/notifications/list-deliveries";
import { browseOrders } from "@/lib/orders/browse-orders";
import { getOrderDetails } from "@/lib/orders/get-order-details";
import { loadOrder } from "@/lib/orders/load-order";
import { listProviderConnections } from "@/lib/providers/list-provider-connections";
import { findProviderConnection } from "@/lib/providers/provider-connection-view";
import { storeConnections } from "@/lib/providers/store-connections";
import { getDayClose } from "@/lib/reconciliation/get-day-close";
import { getReconciliationDay } from "@/lib/reconciliation/get-reconciliation-day";
import { listStaff } from "@/lib/staff/list-staff";
import { startHarness, type Harness } from "@/test/harness";
import { getStore } from "./get-store";
import { SANDBOX_ACCOUNT_ID } from "./seed-demo-store";
import { code, expectStoreBComplete, makeStoreB, type StoreB } from "./store-isolation-pages-support";

let h: Harness;
let b: StoreB;
let today: string;

beforeAll(async () => {
  h = await startHarness();
  b = await makeStoreB(h);
  ({ today } = b);
}, 60_000);

afterAll(async () => {
  await h?.close();
});

it("store B has every kind of row, and B's payment and refund landed on B", () => expectStoreBComplete(h, b));

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
