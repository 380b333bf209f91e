/**
 * Stores of a chain are isolated: as store A's cashier key and A's owner key,
 * every API v1 route given store B's ids answers 404 (not 403) and leaves B's
 * rows as they were; A's lists never include B's rows; a plain owner cannot
 * reach B with `Till-Store` (404); a chain_owner key reads both stores with it.
 * B shares A's Sandbox Pay account (one merchant id for the chain) on its own
 * connection, and B's payment lands on B.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as resolveRoute } from "@/app/api/v1/discrepancies/[discrepancyId]/resolve/route";
import { GET as listDiscrepanciesRoute } from "@/app/api/v1/discrepancies/route";
import { POST as cancelRoute } from "@/app/api/v1/orders/[orderId]/cancel/route";
import { POST as checkRoute } from "@/app/api/v1/orders/[orderId]/check/route";
import { GET as eventsRoute } from "@/app/api/v1/orders/[orderId]/events/route";
import { GET as qrRoute } from "@/app/api/v1/orders/[orderId]/qr.svg/route";
import { POST as orderRefundRoute } from "@/app/api/v1/orders/[orderId]/refunds/route";
import { GET as getOrderRoute } from "@/app/api/v1/orders/[orderId]/route";
import { GET as listOrdersRoute, POST as createOrderRoute } from "@/app/api/v1/orders/route";
import { POST as paymentRefundRoute } from "@/app/api/v1/payments/[paymentId]/refunds/route";
import { newId } from "@/lib/ids";
import { serverCtx } from "@/lib/server-context";
import { createStore } from "@/lib/stores/create-store";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { eventually, startHarness, serveRoutesFrom, type Harness } from "@/test/harness";

const A_CASHIER = "tk_demo_0000000000000000";
const A_OWNER = "tk_demo_owner_000000000000";
type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

let h: Harness;
let b: { storeId: string; ownerKey: string; chainKey: string; orderId: string; paymentId: string; discrepancyId: string; staffId: string };

async function call(handler: Handler, method: string, path: string, key: string, params: Record<string, string> = {}, body?: unknown, headers: Record<string, string> = {}) {
  const init: RequestInit = { method, headers: { authorization: `Bearer ${key}`, ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await handler(new Request(new URL(path, "http://till.test"), init), { params: Promise.resolve(params) });
  const text = await response.text();
  return { status: response.status, text };
}

/** Every B row the routes could touch, to compare before and after. */
async function bRows() {
  const db = h.ctx.db;
  return {
    orders: await db.order.findMany({ where: { storeId: b.storeId }, orderBy: { id: "asc" } }),
    payments: await db.payment.findMany({ where: { storeId: b.storeId }, orderBy: { id: "asc" } }),
    refunds: await db.refund.findMany({ where: { order: { storeId: b.storeId } }, orderBy: { id: "asc" } }),
    discrepancies: await db.discrepancy.findMany({ where: { storeId: b.storeId }, orderBy: { id: "asc" } }),
    staff: await db.staff.findMany({ where: { storeId: b.storeId }, orderBy: { id: "asc" } }),
    keys: await db.apiKey.findMany({ where: { storeId: b.storeId }, orderBy: { id: "asc" }, select: { id: true, revokedAt: true, role: true } }),
  };
}

beforeAll(async () => {
  h = await startHarness();
  serveRoutesFrom(h);
  const store = await createStore(h.ctx, { name: "Shop B", ownerName: "B Owner", ownerPin: "5802", ownerKey: true });
  const chain = await createStore(h.ctx, { name: "Shop C", ownerName: "Chain Owner", ownerPin: "7351", ownerKey: true, chainOwner: true });
  await h.ctx.db.providerConnection.create({ data: { id: newId("pc"), storeId: store.storeId, accountId: SANDBOX_ACCOUNT_ID, name: "Sandbox Pay", isDefault: true } });
  const ownerKey = store.ownerKey!.key;
  const created = await call(createOrderRoute, "POST", "/api/v1/orders", ownerKey, {}, { amount: 1234, currency: "CNY" });
  expect(created.status, created.text).toBe(201);
  const order = JSON.parse(created.text) as { id: string; provider_ref: string };
  const charges = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).json as { data: { id: string }[] };
  await h.pay(charges.data[0]!.id);
  const payment = await eventually(() => h.ctx.db.payment.findFirst({ where: { orderId: order.id } }));
  const discrepancyId = newId("dis");
  await h.ctx.db.discrepancy.create({ data: { id: discrepancyId, storeId: store.storeId, type: "unknown_order", dedupeKey: `iso:${discrepancyId}`, paymentId: payment.id, actualAmount: 1, currency: "CNY" } });
  b = { storeId: store.storeId, ownerKey, chainKey: chain.ownerKey!.key, orderId: order.id, paymentId: payment.id, discrepancyId, staffId: store.ownerId };
});

afterAll(async () => {
  await (await serverCtx()).db.$disconnect();
  await h.close();
});

it("B's payment, taken on the shared provider account through B's own connection, lands on B", async () => {
  const payment = await h.ctx.db.payment.findUniqueOrThrow({ where: { id: b.paymentId } });
  expect(payment.storeId).toBe(b.storeId);
  expect((await h.ctx.db.order.findUniqueOrThrow({ where: { id: b.orderId } })).status).toBe("paid");
});

describe.each([
  ["A's cashier key", A_CASHIER],
  ["A's owner key", A_OWNER],
])("as %s, every route with B's ids answers 404 and changes nothing of B", (_name, key) => {
  const idem = () => ({ "idempotency-key": newId("idm") });
  const calls = (): [string, () => ReturnType<typeof call>][] => [
    ["GET order", () => call(getOrderRoute, "GET", `/api/v1/orders/${b.orderId}`, key, { orderId: b.orderId })],
    ["cancel", () => call(cancelRoute, "POST", `/api/v1/orders/${b.orderId}/cancel`, key, { orderId: b.orderId }, undefined, idem())],
    ["check", () => call(checkRoute, "POST", `/api/v1/orders/${b.orderId}/check`, key, { orderId: b.orderId })],
    ["qr.svg", () => call(qrRoute, "GET", `/api/v1/orders/${b.orderId}/qr.svg`, key, { orderId: b.orderId })],
    ["events", () => call(eventsRoute, "GET", `/api/v1/orders/${b.orderId}/events`, key, { orderId: b.orderId })],
    ["order refund", () => call(orderRefundRoute, "POST", `/api/v1/orders/${b.orderId}/refunds`, key, { orderId: b.orderId }, { amount: 1, reason: "probe" }, idem())],
    ["payment refund", () => call(paymentRefundRoute, "POST", `/api/v1/payments/${b.paymentId}/refunds`, key, { paymentId: b.paymentId }, { amount: 1, reason: "probe" }, idem())],
    ["resolve discrepancy", () => call(resolveRoute, "POST", `/api/v1/discrepancies/${b.discrepancyId}/resolve`, key, { discrepancyId: b.discrepancyId }, { resolution: "accepted", note: "probe" })],
  ];

  it("each call is a 404 (owner-only routes are a 403 for the cashier key before any lookup)", async () => {
    const before = await bRows();
    for (const [name, run] of calls()) {
      const answer = await run();
      const ownerOnly = ["payment refund", "resolve discrepancy"].includes(name);
      expect(answer.status, `${name}: ${answer.text}`).toBe(key === A_CASHIER && ownerOnly ? 403 : 404);
    }
    expect(await bRows()).toEqual(before);
  });

  it("A's lists never include B's rows", async () => {
    const orders = await call(listOrdersRoute, "GET", "/api/v1/orders?limit=100", key);
    expect(orders.status).toBe(200);
    expect(orders.text).not.toContain(b.orderId);
    if (key === A_OWNER) {
      const discrepancies = await call(listDiscrepanciesRoute, "GET", "/api/v1/discrepancies?limit=100", key);
      expect(discrepancies.status).toBe(200);
      expect(discrepancies.text).not.toContain(b.discrepancyId);
    }
  });

  it("Till-Store naming B is a 404, like an unknown store", async () => {
    for (const store of [b.storeId, "sto_NOPE"]) {
      const answer = await call(listOrdersRoute, "GET", "/api/v1/orders", key, {}, undefined, { "till-store": store });
      expect(answer.status, answer.text).toBe(404);
    }
  });
});

describe("a chain_owner key", () => {
  it("reads B's order with Till-Store: B, and its own store without the header", async () => {
    const inB = await call(getOrderRoute, "GET", `/api/v1/orders/${b.orderId}`, b.chainKey, { orderId: b.orderId }, undefined, { "till-store": b.storeId });
    expect(inB.status, inB.text).toBe(200);
    const home = await call(getOrderRoute, "GET", `/api/v1/orders/${b.orderId}`, b.chainKey, { orderId: b.orderId });
    expect(home.status).toBe(404);
    const list = await call(listDiscrepanciesRoute, "GET", "/api/v1/discrepancies?limit=100", b.chainKey, {}, undefined, { "till-store": b.storeId });
    expect(list.text).toContain(b.discrepancyId);
  });

  it("GET /api/v1/chain/summary lists every store, each equal to its own summary; 403 for an owner key", async () => {
    const { GET: chainSummary } = await import("@/app/api/v1/chain/summary/route");
    const { GET: summary } = await import("@/app/api/v1/reconciliation/summary/route");
    const date = "2026-11-28";
    const chain = await call(chainSummary, "GET", `/api/v1/chain/summary?date=${date}`, b.chainKey);
    expect(chain.status, chain.text).toBe(200);
    const body = JSON.parse(chain.text) as { stores: { store_id: string; summary: unknown }[] };
    expect(body.stores.length).toBe(await h.ctx.db.store.count());
    for (const entry of body.stores) {
      const own = await call(summary, "GET", `/api/v1/reconciliation/summary?date=${date}`, b.chainKey, {}, undefined, { "till-store": entry.store_id });
      expect(entry.summary).toEqual(JSON.parse(own.text));
    }
    expect((await call(chainSummary, "GET", `/api/v1/chain/summary?date=${date}`, A_OWNER)).status).toBe(403);
  });

  it("an unknown store is a 404", async () => {
    const answer = await call(listOrdersRoute, "GET", "/api/v1/orders", b.chainKey, {}, undefined, { "till-store": "sto_NOPE" });
    expect(answer.status).toBe(404);
  });

  it("B's own owner key cannot read A's orders", async () => {
    const { orderId } = await h.newOrder(500);
    const answer = await call(getOrderRoute, "GET", `/api/v1/orders/${orderId}`, b.ownerKey, { orderId });
    expect(answer.status).toBe(404);
  });
});
