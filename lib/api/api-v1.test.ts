/**
 * API v1 orders routes, called through their real Next.js route handlers with
 * real Requests, against the harness's SQLite file and a real Sandbox Pay.
 *
 * The routes get their context from serverCtx(), which reads process.env once,
 * on first use: the harness starts first and the env points at it before any
 * route is called. serverCtx opens its own connection to the harness's file;
 * notifications are applied by the harness receiver on the harness connection,
 * so every test that makes the sandbox notify waits for that write to land
 * before calling a route again (two writers on one file in one process would
 * otherwise wait on each other's locks).
 */
import { readdirSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import * as unknownPathRoute from "@/app/api/v1/[[...path]]/route";
import { GET as listDiscrepanciesRoute } from "@/app/api/v1/discrepancies/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { POST as cancelOrderRoute } from "@/app/api/v1/orders/[orderId]/cancel/route";
import { POST as checkOrderRoute } from "@/app/api/v1/orders/[orderId]/check/route";
import { GET as qrSvgRoute } from "@/app/api/v1/orders/[orderId]/qr.svg/route";
import { GET as getOrderRoute } from "@/app/api/v1/orders/[orderId]/route";
import { GET as listOrdersRoute, POST as createOrderRoute } from "@/app/api/v1/orders/route";
import * as webhookRoute from "@/app/api/webhooks/[provider]/route";
import { hashToken, newToken } from "@/lib/auth/tokens";
import { newId } from "@/lib/ids";
import { MAX_AMOUNT } from "@/lib/money";
import { serverCtx } from "@/lib/server-context";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { ProblemSchema, type ProblemResponse } from "@/lib/api/problem-schema";
import { CheckResultResponse, OrderConflictProblem, OrderPageResponse, OrderResponse } from "@/lib/orders/order-response";
import { DiscrepancyPageResponse } from "@/lib/reconciliation/discrepancy-response";
import { ChargeList } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness, serveRoutesFrom } from "@/test/harness";
import { OpenApiDocumentSchema } from "@/test/openapi-contract";
import { firstOf, parseAs } from "@/test/parse";
import { TEST_DIALECT } from "@/test/postgres";

const CASHIER_KEY = "tk_demo_0000000000000000";
const OWNER_KEY = "tk_demo_owner_000000000000";
const BASE = "http://till.test";

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;
type Answer = { status: number; headers: Headers; text: string; json: unknown };

/** The answer's body read through a schema: fails the test unless the body has that shape. */
const bodyOf = <T>(answer: Answer, schema: z.ZodType<T>): T => parseAs(schema, answer.json, `the ${answer.status} answer`);
/** The body of an answer that carries an Order. */
const orderOf = (answer: Answer) => bodyOf(answer, OrderResponse);
/** A JSON object, every member kept. */
const AnyObject = z.record(z.string(), z.unknown());
/** The JSON Schema of a request body, with what the tests read of it. */
const RequestBodySchema = z.looseObject({ type: z.string(), additionalProperties: z.unknown(), properties: z.record(z.string(), z.looseObject({ type: z.string().optional() })) });

let h: Harness;
let otherStore: { storeId: string; key: string };

beforeAll(async () => {
  h = await startHarness();
  serveRoutesFrom(h);
  otherStore = await seedOtherStore();
});

afterAll(async () => {
  await (await serverCtx()).db.$disconnect();
  await h.close();
});

/** A second store on the same installation (same Sandbox Pay account), with its own terminal "T1" and cashier key. */
async function seedOtherStore() {
  const storeId = newId("sto");
  const terminalId = newId("trm");
  const key = newToken("tk_");
  await h.ctx.db.store.create({ data: { id: storeId, name: "Other Shop", currency: "CNY" } });
  await h.ctx.db.terminal.create({ data: { id: terminalId, storeId, code: "T1", name: "Other counter" } });
  await h.ctx.db.apiKey.create({ data: { id: newId("key"), storeId, terminalId, name: "other", role: "cashier", keyHash: hashToken(key), prefix: key.slice(0, 8) } });
  await h.ctx.db.providerConnection.create({ data: { id: newId("pc"), storeId, accountId: SANDBOX_ACCOUNT_ID, name: "Sandbox Pay", isDefault: true } });
  return { storeId, key };
}

function request(method: string, path: string, options: { key?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}): Request {
  const headers: Record<string, string> = { ...options.headers };
  if (options.key !== null) headers.authorization = `Bearer ${options.key ?? CASHIER_KEY}`;
  let body: string | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["content-type"] ??= "application/json";
  return new Request(new URL(path, BASE), { method, headers, body });
}

async function call(handler: Handler, req: Request, params: Record<string, string> = {}): Promise<Answer> {
  const response = await handler(req, { params: Promise.resolve(params) });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON (the SVG)
  }
  return { status: response.status, headers: response.headers, text, json };
}

const create = (body: unknown, options: { key?: string | null; headers?: Record<string, string> } = {}) =>
  call(createOrderRoute, request("POST", "/api/v1/orders", { ...options, body }));
const createRaw = (raw: string, headers: Record<string, string> = {}) => call(createOrderRoute, request("POST", "/api/v1/orders", { raw, headers }));
const getOne = (idOrRef: string, key = CASHIER_KEY) => call(getOrderRoute, request("GET", `/api/v1/orders/${encodeURIComponent(idOrRef)}`, { key }), { orderId: idOrRef });
const list = (query: string, key: string | null = CASHIER_KEY) => call(listOrdersRoute, request("GET", `/api/v1/orders${query}`, { key }));
const cancel = (idOrRef: string, key = CASHIER_KEY) => call(cancelOrderRoute, request("POST", `/api/v1/orders/${encodeURIComponent(idOrRef)}/cancel`, { key }), { orderId: idOrRef });
const check = (idOrRef: string) => call(checkOrderRoute, request("POST", `/api/v1/orders/${encodeURIComponent(idOrRef)}/check`), { orderId: idOrRef });
const discrepancies = (query: string, key = OWNER_KEY) => call(listDiscrepanciesRoute, request("GET", `/api/v1/discrepancies${query}`, { key }));
const qr = (idOrRef: string) => call(qrSvgRoute, request("GET", `/api/v1/orders/${encodeURIComponent(idOrRef)}/qr.svg`), { orderId: idOrRef });

/** An order made through the API (201 asserted). */
async function newOrder(body: unknown = { amount: 2350 }, key = CASHIER_KEY) {
  const answer = await create(body, { key });
  expect(answer.status, answer.text).toBe(201);
  return orderOf(answer);
}

/** Asserts an RFC 9457 problem+json answer with this status and code, and returns the problem. */
function expectProblem(answer: Answer, status: number, code: string): ProblemResponse {
  expect(answer.status, answer.text).toBe(status);
  expect(answer.headers.get("content-type")).toContain("application/problem+json");
  expect(answer.json).toMatchObject({ status, code });
  const problem = bodyOf(answer, ProblemSchema);
  expect(typeof problem.type).toBe("string");
  expect(typeof problem.title).toBe("string");
  expect(typeof problem.detail).toBe("string");
  return problem;
}

/** The problem names this field in errors[]. */
function expectFieldError(answer: Answer, field: string) {
  const problem = expectProblem(answer, 422, "invalid_request");
  expect(Array.isArray(problem.errors), answer.text).toBe(true);
  const errors = problem.errors ?? [];
  expect(errors.map((e) => e.path), answer.text).toContain(field);
  for (const e of errors) expect(typeof e.message).toBe("string");
}

const orderCount = () => h.ctx.db.order.count();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sandboxChargeId(providerRef: string): Promise<string> {
  const charges = await h.sandboxApi("GET", `/v1/charges?merchant_ref=${providerRef}`);
  return firstOf(charges.as(ChargeList).data, `the charges of ${providerRef}`).id;
}

/** The customer pays at Sandbox Pay; with normal delivery, waits until Till's receiver has applied the notification. */
async function customerPays(order: { id: string; provider_ref: string }, delivery: "normal" | "drop" = "normal") {
  const paid = await h.sandboxApi("POST", `/sandbox/charges/${await sandboxChargeId(order.provider_ref)}/pay`, { delivery });
  expect(paid.status).toBe(201);
  if (delivery === "normal") {
    await eventually(async () => (await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).status === "paid");
  }
}

async function withFault<T>(fault: Record<string, number>, fn: () => Promise<T>): Promise<T> {
  expect((await h.sandboxApi("POST", "/sandbox/faults", fault)).status).toBe(200);
  try {
    return await fn();
  } finally {
    await h.sandboxApi("POST", "/sandbox/faults", { unavailable_next_calls: 0 });
  }
}

describe("authentication", () => {
  it("no key is a 401 unauthorized problem", async () => {
    expectProblem(await create({ amount: 100 }, { key: null }), 401, "unauthorized");
    expectProblem(await list("", null), 401, "unauthorized");
    expectProblem(await call(listOrdersRoute, request("GET", "/api/v1/orders", { key: null, headers: { authorization: "Bearer " } })), 401, "unauthorized");
  });

  it("an unknown key is a 401", async () => {
    expectProblem(await create({ amount: 100 }, { key: "tk_not_a_real_key_00000000" }), 401, "unauthorized");
    expectProblem(await getOne("T1-000001", "tk_not_a_real_key_00000000"), 401, "unauthorized");
  });

  it("a revoked key is a 401, though it worked before", async () => {
    const key = newToken("tk_");
    const id = newId("key");
    await h.ctx.db.apiKey.create({ data: { id, storeId: h.cashier.storeId, terminalId: h.cashier.terminalId, name: "soon revoked", role: "cashier", keyHash: hashToken(key), prefix: key.slice(0, 8) } });
    expect((await list("?limit=1", key)).status).toBe(200);
    await h.ctx.db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    const before = await orderCount();
    expectProblem(await create({ amount: 100 }, { key }), 401, "unauthorized");
    expectProblem(await list("?limit=1", key), 401, "unauthorized");
    expect(await orderCount()).toBe(before);
  });

  it("authentication comes before reading the body: no key and broken JSON is a 401, not a 400", async () => {
    expectProblem(await call(createOrderRoute, request("POST", "/api/v1/orders", { key: null, raw: "{oops" })), 401, "unauthorized");
  });

  it("an owner key may do what a cashier key may", async () => {
    const order = await newOrder({ amount: 990 }, OWNER_KEY);
    expect(order.status).toBe("open");
    expect((await getOne(order.id, OWNER_KEY)).status).toBe(200);
  });

  it("403 forbidden: a cashier key on an owner-only route (the discrepancy list)", async () => {
    expectProblem(await discrepancies("", CASHIER_KEY), 403, "forbidden");
  });
});

describe("GET /api/v1/discrepancies", () => {
  it("lists an order's findings for the owner, filtered by type, status and order, cursor-paged", async () => {
    const order = await newOrder({ amount: 1000 });
    const chargeId = await sandboxChargeId(order.provider_ref);
    expect((await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, {})).status).toBe(201);
    // Paid before the extra payment: delivered the other way round, the extra is applied first and the finding is "overpaid", not a duplicate.
    await eventually(async () => (await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).status === "paid");
    expect((await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { force: true, amount: 300 })).status).toBe(201);
    await eventually(() => h.ctx.db.discrepancy.findFirst({ where: { orderId: order.id, type: "duplicate_payment" } }));
    expect((await h.sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { force: true, amount: 200 })).status).toBe(201);
    await eventually(async () => (await h.ctx.db.discrepancy.count({ where: { orderId: order.id } })) === 2);

    const foundAnswer = await discrepancies(`?type=duplicate_payment&order_id=${order.id}`);
    expect(foundAnswer.status).toBe(200);
    const found = bodyOf(foundAnswer, DiscrepancyPageResponse);
    expect(found.data).toHaveLength(2);
    // Newest first: the third payment's finding, then the second's.
    expect(found.data[0]?.actual_amount).toBe(1500);
    expect(found.data[1]).toMatchObject({
      type: "duplicate_payment", status: "open", order_id: order.id, expected_amount: 1000, actual_amount: 1300,
      currency: "CNY", resolution: null, resolved_by: null, resolved_at: null, note: null, refund_id: null, statement_line: null,
    });
    expect(found.data[1]?.id).toMatch(/^dis_/);
    expect(found.data[1]?.payment_id).toMatch(/^pay_/);
    expect(bodyOf(await discrepancies(`?status=resolved&order_id=${order.id}`), DiscrepancyPageResponse).data).toHaveLength(0);

    const first = bodyOf(await discrepancies(`?limit=1&order_id=${order.id}`), DiscrepancyPageResponse);
    expect(first.data).toEqual([found.data[0]]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = bodyOf(await discrepancies(`?limit=1&order_id=${order.id}&cursor=${first.next_cursor}`), DiscrepancyPageResponse);
    expect(second.data).toEqual([found.data[1]]);
    expect(second.next_cursor).toBeNull();
  });

  it("an unknown type, status or cursor is a 422 naming it", async () => {
    expectProblem(await discrepancies("?type=lost_in_space"), 422, "invalid_request");
    expectProblem(await discrepancies("?status=maybe"), 422, "invalid_request");
    expectProblem(await discrepancies("?cursor=bm9wZQ"), 422, "invalid_request");
  });
});

describe("POST /api/v1/orders", () => {
  it("creates an order: 201 with every Order field of pos-api.md", async () => {
    const before = Date.now();
    const answer = await create({ amount: 2350 });
    expect(answer.status, answer.text).toBe(201);
    expect(answer.headers.get("content-type")).toContain("application/json");
    expect(answer.headers.get("idempotent-replayed")).toBeNull();
    const o = orderOf(answer);
    for (const field of [
      "id", "reference", "provider_ref", "status", "amount", "currency", "items", "note", "amount_received", "amount_refunded",
      "amount_refundable", "qr_content", "qr_svg_url", "expires_at", "created_at", "paid_at", "cancelled_at", "payments", "refunds",
    ]) {
      expect(o, `field ${field}`).toHaveProperty(field);
    }
    expect(o.id).toMatch(/^ord_[0-9A-Z]{26}$/);
    expect(o.provider_ref).toMatch(/^[0-9A-Z]{26}$/);
    expect(o.reference).toMatch(/^T1-\d{6}$/);
    expect(o).toMatchObject({
      status: "open", amount: 2350, currency: "CNY", items: [], note: null,
      amount_received: 0, amount_refunded: 0, amount_refundable: 0, paid_at: null, cancelled_at: null, payments: [], refunds: [],
    });
    expect(typeof o.qr_content).toBe("string");
    expect(o.qr_content?.length).toBeGreaterThan(0);
    expect(o.qr_svg_url).toBe(`/api/v1/orders/${o.id}/qr.svg`);
    // RFC 3339 UTC, expiring after the store's QR lifetime (300 s).
    for (const t of [o.created_at, o.expires_at]) expect(t).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);
    const created = Date.parse(o.created_at);
    expect(created).toBeGreaterThanOrEqual(before - 1_000);
    expect(created).toBeLessThanOrEqual(Date.now() + 1_000);
    expect(Date.parse(o.expires_at) - created).toBe(300_000);

    // Stored as answered, with its charge; the provider has a charge under provider_ref.
    const row = await h.ctx.db.order.findUniqueOrThrow({ where: { id: o.id }, include: { charge: true } });
    expect(row).toMatchObject({ reference: o.reference, providerRef: o.provider_ref, status: "open", amount: 2350, storeId: h.cashier.storeId });
    expect(row.charge?.qrContent).toBe(o.qr_content);
    const charges = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${o.provider_ref}`)).as(ChargeList);
    expect(charges.data).toHaveLength(1);
    expect(charges.data[0]).toMatchObject({ amount: 2350, currency: "CNY", status: "pending" });
  });

  it("gives each order of a terminal the next reference, and a provider_ref unique to it", async () => {
    const a = await newOrder({ amount: 100 });
    const b = await newOrder({ amount: 100 });
    const seq = (ref: string) => Number(ref.slice(3));
    expect(seq(b.reference)).toBe(seq(a.reference) + 1);
    expect(a.provider_ref).not.toBe(b.provider_ref);
  });

  it("with items, the amount is their sum and the items come back in order", async () => {
    const items = [
      { name: "Latte", unit_amount: 1175, quantity: 2 },
      { name: "Croissant", unit_amount: 1250, quantity: 1 },
    ];
    const o = await newOrder({ items });
    expect(o.amount).toBe(1175 * 2 + 1250);
    expect(o.items).toEqual(items.map((item) => ({ kind: "item", names: null, ...item })));
    const same = await newOrder({ items, amount: 3600 });
    expect(same.amount).toBe(3600);
  });

  it("items and a different amount is a 422 naming amount, and makes no order", async () => {
    const before = await orderCount();
    expectFieldError(await create({ items: [{ name: "Latte", unit_amount: 1175, quantity: 2 }], amount: 2000 }), "amount");
    expect(await orderCount()).toBe(before);
  });

  it.each([
    [30, 30_000],
    [3600, 3_600_000],
  ])("expires_in %i makes the QR expire that many seconds after creation", async (expiresIn, ms) => {
    const o = await newOrder({ amount: 500, expires_in: expiresIn });
    expect(Date.parse(o.expires_at) - Date.parse(o.created_at)).toBe(ms);
  });

  it.runIf(TEST_DIALECT === "postgresql")("a note with NUL, which PostgreSQL's text cannot hold, is a 422 that says so, and no order is made", async () => {
    const before = await h.ctx.db.order.count();
    const answer = await create({ amount: 500, note: "a \u0000 b" });
    expectProblem(answer, 422, "invalid_request");
    expect(answer.text).toContain("U+0000");
    expect(await h.ctx.db.order.count()).toBe(before);
  });

  it("a note round-trips exactly: emoji, NUL (SQLite only), right-to-left text, leading spaces", async () => {
    const note = `  ☕️ x2 ${TEST_DIALECT === "sqlite" ? "\u0000 " : ""}שלום 🇨🇳\n`;
    const o = await newOrder({ amount: 500, note });
    expect(o.note).toBe(note);
    expect(orderOf(await getOne(o.id)).note).toBe(note);
  });

  it("concurrent creates on one terminal get distinct references", async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => create({ amount: 600 + i })));
    for (const a of answers) expect(a.status, a.text).toBe(201);
    expect(new Set(answers.map((a) => orderOf(a).reference)).size).toBe(5);
  });

  it("keeps a note of up to 500 characters, and takes an explicit currency equal to the store's", async () => {
    const note = "備".repeat(500);
    const o = await newOrder({ amount: 500, note, currency: "CNY" });
    expect(o.note).toBe(note);
    expect(o.currency).toBe("CNY");
  });
});

describe("POST /api/v1/orders with bad input: a 4xx problem, never a 5xx, and no order", () => {
  let before: number;
  beforeAll(async () => {
    before = await orderCount();
  });
  afterAll(async () => {
    expect(await orderCount()).toBe(before);
  });

  it.each([
    ["negative", { amount: -1 }],
    ["zero", { amount: 0 }],
    ["fractional", { amount: 23.5 }],
    ["a string", { amount: "2350" }],
    ["1e20", { amount: 1e20 }],
    ["above the maximum", { amount: MAX_AMOUNT + 1 }],
    ["missing", {}],
    ["missing, with only a note", { note: "hi" }],
    ["null", { amount: null }],
    ["a boolean", { amount: true }],
    ["an array", { amount: [2350] }],
    ["an object", { amount: { value: 2350 } }],
  ])("amount %s → 422 naming amount", async (_label, body) => {
    expectFieldError(await create(body), "amount");
  });

  it.each([
    ["truncated", '{"amount": 23'],
    ["empty", ""],
    ["not JSON at all", "amount=2350"],
    ["trailing garbage", '{"amount":2350}}'],
    ["single quotes", "{'amount': 2350}"],
  ])("a body that is not JSON (%s) → 400 invalid_request", async (_label, raw) => {
    expectProblem(await createRaw(raw), 400, "invalid_request");
  });

  it.each([
    ["[]", []],
    ["a string", "2350"],
    ["a number", 2350],
    ["null", null],
  ])("a JSON body that is not an object (%s) → 422", async (_label, body) => {
    expectProblem(await createRaw(JSON.stringify(body)), 422, "invalid_request");
  });

  it("an unknown field → 422 naming it (requests are strict), at the top level and inside items", async () => {
    expectFieldError(await create({ amount: 2350, tip: 100 }), "tip");
    expectFieldError(await create({ items: [{ name: "Latte", unit_amount: 1175, quantity: 1, sku: "L1" }] }), "items.0.sku");
    // Keys that name Object.prototype members are fields like any other, not a way in.
    expectFieldError(await createRaw('{"amount": 2350, "__proto__": {"amount": 1}}'), "__proto__");
    expectFieldError(await createRaw('{"amount": 2350, "constructor": {}}'), "constructor");
  });

  it("a note over 500 characters → 422 naming note", async () => {
    expectFieldError(await create({ amount: 2350, note: "x".repeat(501) }), "note");
  });

  it.each([29, 3601, 0, -30, 60.5, "60", null])("expires_in %j → 422 naming expires_in", async (expiresIn) => {
    expectFieldError(await create({ amount: 2350, expires_in: expiresIn }), "expires_in");
  });

  it.each([
    ["XXX (no currency)", "XXX"],
    ["lower case", "usd"],
    ["lower-case store currency", "cny"],
    ["another real currency than the store's", "USD"],
    ["not a code", "YUAN"],
    ["empty", ""],
    ["a number", 156],
  ])("currency %s → 422 naming currency", async (_label, currency) => {
    expectFieldError(await create({ amount: 2350, currency }), "currency");
  });

  it.each([
    ["no items", []],
    ["an empty name", [{ name: "  ", unit_amount: 100, quantity: 1 }]],
    ["quantity 0", [{ name: "Latte", unit_amount: 100, quantity: 0 }]],
    ["a negative unit amount", [{ name: "Latte", unit_amount: -100, quantity: 1 }]],
    ["a fractional quantity", [{ name: "Latte", unit_amount: 100, quantity: 1.5 }]],
    ["a missing unit amount", [{ name: "Latte", quantity: 1 }]],
    ["101 items", Array.from({ length: 101 }, () => ({ name: "Water", unit_amount: 500, quantity: 1 }))],
  ])("items with %s → 422", async (_label, items) => {
    const answer = await create({ items });
    const problem = expectProblem(answer, 422, "invalid_request");
    expect(Array.isArray(problem.errors), answer.text).toBe(true);
    expect((problem.errors ?? []).some((e) => e.path.startsWith("items")), answer.text).toBe(true);
  });

  it("items that add up to nothing or to more than the maximum → 422 naming amount", async () => {
    expectFieldError(await create({ items: [{ name: "Free water", unit_amount: 0, quantity: 3 }] }), "amount");
    expectFieldError(await create({ items: [{ name: "Gold", unit_amount: MAX_AMOUNT, quantity: 2 }] }), "amount");
  });

  it("a body over 64 KiB → 413 payload_too_large, whether or not Content-Length says so", async () => {
    const big = JSON.stringify({ amount: 2350, note: "x".repeat(70_000) });
    expectProblem(await createRaw(big), 413, "payload_too_large");
    expectProblem(await createRaw(big, { "content-length": String(Buffer.byteLength(big)) }), 413, "payload_too_large");
    // Multi-byte characters count as bytes: 22,000 × 3 bytes is over the cap though it is 22,000 characters.
    expectProblem(await createRaw(JSON.stringify({ amount: 2350, note: "備".repeat(22_000) })), 413, "payload_too_large");
  });

  it("property: any JSON value as the body gets an answer below 500", async () => {
    const beforeProperty = await orderCount();
    let created = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ amount: fc.jsonValue(), currency: fc.jsonValue(), note: fc.jsonValue(), expires_in: fc.jsonValue() }, { requiredKeys: [] }),
          fc.record({ items: fc.array(fc.record({ name: fc.jsonValue(), unit_amount: fc.jsonValue(), quantity: fc.jsonValue() }, { requiredKeys: [] }), { maxLength: 3 }) }),
          // Near-valid bodies, so that the property also walks the paths that do reach the provider.
          fc.record(
            {
              amount: fc.oneof(
                { arbitrary: fc.integer({ min: 1, max: 100_000 }), weight: 6 },
                { arbitrary: fc.integer({ min: -5, max: MAX_AMOUNT + 5 }), weight: 1 },
                { arbitrary: fc.double(), weight: 1 },
              ),
              currency: fc.constantFrom("CNY", "CNY", "CNY", "USD", "XXX", "cny", ""),
              note: fc.option(fc.string({ maxLength: 520 })),
              expires_in: fc.integer({ min: 25, max: 3700 }),
              items: fc.array(
                fc.record({ name: fc.string({ maxLength: 110 }), unit_amount: fc.integer({ min: -1, max: 50_000 }), quantity: fc.integer({ min: -1, max: 1000 }) }),
                { minLength: 1, maxLength: 3 },
              ),
            },
            { requiredKeys: ["amount"] },
          ),
        ),
        async (body) => {
          const answer = await createRaw(JSON.stringify(body));
          expect(answer.status, `${JSON.stringify(body)} → ${answer.text}`).toBeLessThan(500);
          if (answer.status === 201) created += 1;
          else expect(answer.status).toBeGreaterThanOrEqual(400);
        },
      ),
      { numRuns: 150 },
    );
    console.info(`random JSON bodies: ${created} of 150 were valid orders`);
    // Valid bodies do make orders; keep the no-order bookkeeping of this block honest.
    expect(await orderCount()).toBe(beforeProperty + created);
    before += created;
  });

  it("property: any text as the body gets an answer below 500", async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "binary", maxLength: 200 }), async (raw) => {
        const answer = await createRaw(raw);
        expect(answer.status, `${JSON.stringify(raw)} → ${answer.text}`).toBeLessThan(500);
        if (answer.status === 201) before += 1;
      }),
      { numRuns: 100 },
    );
  });
});

describe("POST /api/v1/orders body size cap", () => {
  it("a body of exactly 64 KiB is read; one byte more is a 413", async () => {
    const base = '{"amount":1234}';
    const exact = base + " ".repeat(64 * 1024 - base.length);
    expect(Buffer.byteLength(exact)).toBe(65_536);
    const ok = await createRaw(exact);
    expect(ok.status, ok.text).toBe(201);
    expect(orderOf(ok).amount).toBe(1234);
    expectProblem(await createRaw(exact + " "), 413, "payload_too_large");
  });
});

describe("Idempotency-Key on POST /api/v1/orders", () => {
  let keyCounter = 0;
  const key = () => `test-${Date.now()}-${++keyCounter}`;

  it("the same key and the same body (keys in another order) gives the first order again, marked idempotent-replayed", async () => {
    const k = key();
    const before = await orderCount();
    const first = await create({ amount: 4200, note: "table 4", expires_in: 600 }, { headers: { "idempotency-key": k } });
    expect(first.status).toBe(201);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    const again = await createRaw(JSON.stringify({ expires_in: 600, note: "table 4", amount: 4200 }), { "idempotency-key": k });
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("content-type")).toContain("application/json");
    expect(again.json).toEqual(first.json);
    expect(await orderCount()).toBe(before + 1);
  });

  it("the same key with another body is a 409 conflict and makes no order", async () => {
    const k = key();
    await newOrderWithKey(k, { amount: 100 });
    const before = await orderCount();
    expectProblem(await create({ amount: 101 }, { headers: { "idempotency-key": k } }), 409, "conflict");
    expect(await orderCount()).toBe(before);
  });

  it("keys are scoped to the API key: another key's same Idempotency-Key makes its own order", async () => {
    const k = key();
    const a = await newOrderWithKey(k, { amount: 300 });
    const b = await create({ amount: 300 }, { key: OWNER_KEY, headers: { "idempotency-key": k } });
    expect(b.status).toBe(201);
    expect(b.headers.get("idempotent-replayed")).toBeNull();
    expect(orderOf(b).id).not.toBe(a.id);
  });

  it("10 concurrent requests with one key create exactly one order; every answer is that order or a 409", async () => {
    const k = key();
    const before = await orderCount();
    const answers = await Promise.all(Array.from({ length: 10 }, () => create({ amount: 777 }, { headers: { "idempotency-key": k } })));
    expect(await orderCount()).toBe(before + 1);
    const ids = new Set<string>();
    for (const a of answers) {
      if (a.status === 201) ids.add(orderOf(a).id);
      else expectProblem(a, 409, "conflict");
    }
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await h.ctx.db.order.count({ where: { id } })).toBe(1);
    // Once done, the key replays that order.
    const later = await create({ amount: 777 }, { headers: { "idempotency-key": k } });
    expect(orderOf(later).id).toBe(id);
  });

  it("a key longer than 64 characters is a 400, and makes no order", async () => {
    const before = await orderCount();
    expectProblem(await create({ amount: 100 }, { headers: { "idempotency-key": "k".repeat(65) } }), 400, "invalid_request");
    expect(await orderCount()).toBe(before);
    expect((await create({ amount: 100 }, { headers: { "idempotency-key": `${"k".repeat(56)}${String(++keyCounter).padStart(8, "0")}` } })).status).toBe(201);
  });

  it("a 503 is not kept: retrying with the same key creates the order", async () => {
    const k = key();
    const failed = await withFault({ unavailable_next_calls: 1 }, () => create({ amount: 1500 }, { headers: { "idempotency-key": k } }));
    expectProblem(failed, 503, "provider_unavailable");
    const retry = await create({ amount: 1500 }, { headers: { "idempotency-key": k } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get("idempotent-replayed")).toBeNull();
  });

  async function newOrderWithKey(k: string, body: unknown) {
    const answer = await create(body, { headers: { "idempotency-key": k } });
    expect(answer.status).toBe(201);
    return orderOf(answer);
  }
});

describe("provider down", () => {
  it("Sandbox Pay answering 503 → 503 provider_unavailable and no Order row", async () => {
    const before = await orderCount();
    const answer = await withFault({ unavailable_next_calls: 1 }, () => create({ amount: 2350 }));
    expectProblem(answer, 503, "provider_unavailable");
    expect(await orderCount()).toBe(before);
    expect((await create({ amount: 2350 })).status).toBe(201); // the fault was one call
  });

  it("Sandbox Pay not listening → 503 provider_unavailable and no Order row", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: SANDBOX_ACCOUNT_ID } });
    const before = await orderCount();
    await h.ctx.db.providerAccount.update({ where: { id: SANDBOX_ACCOUNT_ID }, data: { baseUrl: deadUrl } });
    try {
      expectProblem(await create({ amount: 2350 }), 503, "provider_unavailable");
    } finally {
      await h.ctx.db.providerAccount.update({ where: { id: SANDBOX_ACCOUNT_ID }, data: { baseUrl: account.baseUrl } });
    }
    expect(await orderCount()).toBe(before);
  });
});

describe("GET /api/v1/orders/{id or reference}", () => {
  it("finds an order by id and by reference", async () => {
    const o = await newOrder({ amount: 1111 });
    const byId = await getOne(o.id);
    expect(byId.status).toBe(200);
    expect(byId.json).toEqual(o);
    const byRef = await getOne(o.reference);
    expect(byRef.status).toBe(200);
    expect(orderOf(byRef).id).toBe(o.id);
  });

  it("an unknown id or reference is a 404 not_found problem", async () => {
    expectProblem(await getOne("ord_00000000000000000000000000"), 404, "not_found");
    expectProblem(await getOne("T1-999999"), 404, "not_found");
    expectProblem(await getOne("nonsense"), 404, "not_found");
  });

  it("another store's order is a 404, by id; its reference names this store's order, not that one", async () => {
    const theirs = await newOrder({ amount: 2222 }, otherStore.key);
    expectProblem(await getOne(theirs.id), 404, "not_found");
    const mine = await getOne(theirs.reference);
    if (mine.status === 200) expect(orderOf(mine).id).not.toBe(theirs.id);
    else expectProblem(mine, 404, "not_found");
    expect(orderOf(await getOne(theirs.id, otherStore.key)).id).toBe(theirs.id);
    expectProblem(await cancel(theirs.id), 404, "not_found");
    expectProblem(await qr(theirs.id), 404, "not_found");
  });
});

describe("GET /api/v1/orders", () => {
  it("lists newest first with cursor paging: 5 orders, limit 2 → 3 pages, no duplicates, next_cursor null at the end", async () => {
    await sleep(5);
    const since = new Date().toISOString();
    await sleep(5);
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) made.push((await newOrder({ amount: 100 + i })).id);

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = `?limit=2&since=${encodeURIComponent(since)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
      const page = await list(query);
      expect(page.status, page.text).toBe(200);
      const body = bodyOf(page, OrderPageResponse);
      pages.push(body.data.map((o) => o.id));
      cursor = body.next_cursor;
      expect(pages.length).toBeLessThanOrEqual(3);
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    const seen = pages.flat();
    expect(new Set(seen).size).toBe(5);
    expect(seen).toEqual([...made].reverse());
  });

  it("filters by status", async () => {
    const o = await newOrder({ amount: 3030 });
    expect((await cancel(o.id)).status).toBe(200);
    const answer = await list("?status=cancelled&limit=100");
    expect(answer.status).toBe(200);
    const page = bodyOf(answer, OrderPageResponse);
    expect(page.data.length).toBeGreaterThanOrEqual(1);
    expect(page.data.every((x) => x.status === "cancelled")).toBe(true);
    expect(page.data.map((x) => x.id)).toContain(o.id);
    const open = bodyOf(await list("?status=open&limit=100"), OrderPageResponse);
    expect(open.data.map((x) => x.id)).not.toContain(o.id);
  });

  it("never lists another store's orders", async () => {
    const theirs = await newOrder({ amount: 4040 }, otherStore.key);
    const page = bodyOf(await list("?limit=100"), OrderPageResponse);
    expect(page.data.map((x) => x.id)).not.toContain(theirs.id);
    expect(page.data.every((x) => x.id !== theirs.id)).toBe(true);
  });

  it.each([
    ["a cursor that is not one of ours", "?cursor=garbage"],
    ["a cursor naming something else", `?cursor=${Buffer.from("pay_01JD5T8Q2N9XK3M7V6W4R1ZB0C").toString("base64url")}`],
    ["a cursor over 200 characters", `?cursor=${"A".repeat(201)}`],
    ["limit 0", "?limit=0"],
    ["limit 101", "?limit=101"],
    ["a non-numeric limit", "?limit=ten"],
    ["an unknown status", "?status=lost"],
    ["a since that is not a time", "?since=yesterday"],
    ["an unknown parameter", "?sort=asc"],
  ])("%s → 422", async (_label, query) => {
    expectProblem(await list(query), 422, "invalid_request");
  });
});

describe("GET /api/v1/orders/{id}/qr.svg", () => {
  it("answers the QR as image/svg+xml", async () => {
    const o = await newOrder({ amount: 1800 });
    const answer = await qr(o.id);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("image/svg+xml");
    expect(answer.text.startsWith("<svg")).toBe(true);
    expect(answer.text.trimEnd().endsWith("</svg>")).toBe(true);
    expect((await qr(o.reference)).text).toBe(answer.text);
  });

  it("an unknown order is a 404 problem", async () => {
    expectProblem(await qr("ord_00000000000000000000000000"), 404, "not_found");
  });
});

describe("POST /api/v1/orders/{id}/cancel", () => {
  it("cancels an open order and closes its charge; cancelling it again is a 200 with the same order", async () => {
    const o = await newOrder({ amount: 2500 });
    const first = await cancel(o.id);
    expect(first.status, first.text).toBe(200);
    const cancelled = orderOf(first);
    expect(cancelled.status).toBe("cancelled");
    expect(cancelled.cancelled_at).toMatch(/Z$/);
    const charges = (await h.sandboxApi("GET", `/v1/charges?merchant_ref=${o.provider_ref}`)).as(ChargeList);
    expect(charges.data[0]?.status).toBe("closed");

    const second = await cancel(o.id);
    expect(second.status).toBe(200);
    expect(orderOf(second).status).toBe("cancelled");
    expect(orderOf(second).cancelled_at).toBe(cancelled.cancelled_at);
  });

  it("cancels by reference too", async () => {
    const o = await newOrder({ amount: 2600 });
    const answer = await cancel(o.reference);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ id: o.id, status: "cancelled" });
  });

  it("a paid order cannot be cancelled: 409 conflict carrying the order", async () => {
    const o = await newOrder({ amount: 2700 });
    await customerPays(o);
    const answer = await cancel(o.id);
    expectProblem(answer, 409, "conflict");
    const { order } = bodyOf(answer, OrderConflictProblem);
    expect(order).toMatchObject({ id: o.id, status: "paid", amount_received: 2700, amount_refundable: 2700 });
    expect(order?.paid_at).toMatch(/Z$/);
    expect(orderOf(await getOne(o.id)).status).toBe("paid");
  });

  it("if the customer paid but Till was not told, cancel records the payment and answers 409 with the paid order", async () => {
    const o = await newOrder({ amount: 2800 });
    await customerPays(o, "drop");
    const answer = await cancel(o.id);
    expectProblem(answer, 409, "conflict");
    const { order } = bodyOf(answer, OrderConflictProblem);
    expect(order).toMatchObject({ id: o.id, status: "paid", amount_received: 2800 });
    expect(order?.payments).toHaveLength(1);
    expect(order?.payments[0]?.source).toBe("query");
  });

  it("an expired order cannot be cancelled: 409", async () => {
    const o = await newOrder({ amount: 2650 });
    await h.ctx.db.order.update({ where: { id: o.id }, data: { status: "expired", endedAt: new Date() } });
    const answer = await cancel(o.id);
    expectProblem(answer, 409, "conflict");
    expect(bodyOf(answer, OrderConflictProblem).order).toMatchObject({ id: o.id, status: "expired" });
  });

  it("cancelling a partially paid order makes it cancelled and opens one underpaid (rule 5)", async () => {
    const o = await newOrder({ amount: 3000 });
    const paid = await h.sandboxApi("POST", `/sandbox/charges/${await sandboxChargeId(o.provider_ref)}/pay`, { amount: 1000 });
    expect(paid.status).toBe(201);
    await eventually(async () => (await h.ctx.db.order.findUniqueOrThrow({ where: { id: o.id } })).status === "partially_paid");
    const answer = await cancel(o.id);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.json).toMatchObject({ status: "cancelled", amount_received: 1000, amount_refundable: 1000 });
    const discrepancies = await h.ctx.db.discrepancy.findMany({ where: { orderId: o.id } });
    expect(discrepancies.map((d) => [d.type, d.expectedAmount, d.actualAmount])).toEqual([["underpaid", 3000, 1000]]);
  });

  it("a payment after a cancel is late: the order stays cancelled, counts the money and opens late_payment (rule 4)", async () => {
    const o = await newOrder({ amount: 3050 });
    expect((await cancel(o.id)).status).toBe(200);
    const paid = await h.sandboxApi("POST", `/sandbox/charges/${await sandboxChargeId(o.provider_ref)}/pay`, { force: true });
    expect(paid.status).toBe(201);
    await eventually(async () => (await h.ctx.db.payment.count({ where: { orderId: o.id } })) === 1);
    const after = orderOf(await getOne(o.id));
    expect(after).toMatchObject({ status: "cancelled", amount_received: 3050 });
    expect(after.payments).toHaveLength(1);
    expect(after.payments[0]).toMatchObject({ amount: 3050, source: "notification" });
    const discrepancies = await h.ctx.db.discrepancy.findMany({ where: { orderId: o.id } });
    expect(discrepancies.map((d) => d.type)).toEqual(["late_payment"]);
  });

  it("provider down → 503 and the order is unchanged", async () => {
    const o = await newOrder({ amount: 2900 });
    expectProblem(await withFault({ unavailable_next_calls: 1 }, () => cancel(o.id)), 503, "provider_unavailable");
    const after = await getOne(o.id);
    expect(after.json).toMatchObject({ status: "open", cancelled_at: null });
  });

  it("an unknown order is a 404", async () => {
    expectProblem(await cancel("ord_00000000000000000000000000"), 404, "not_found");
  });
});

describe("POST /api/v1/orders/{id}/check", () => {
  it("an unpaid order: 200 with the order and provider_status pending", async () => {
    const o = await newOrder({ amount: 3100 });
    const answer = await check(o.id);
    expect(answer.status, answer.text).toBe(200);
    const result = bodyOf(answer, CheckResultResponse);
    expect(result.provider_status).toBe("pending");
    expect(result.order).toMatchObject({ id: o.id, status: "open" });
  });

  it("a payment Till was not told of is found: provider_status succeeded, order paid, source query, unnotified_payment opened", async () => {
    const o = await newOrder({ amount: 3200 });
    await customerPays(o, "drop");
    expect(orderOf(await getOne(o.id)).status).toBe("open");
    const answer = await check(o.id);
    expect(answer.status, answer.text).toBe(200);
    const result = bodyOf(answer, CheckResultResponse);
    expect(result.provider_status).toBe("succeeded");
    expect(result.order).toMatchObject({ status: "paid", amount_received: 3200 });
    expect(result.order.payments.map((p) => p.source)).toEqual(["query"]);
    const discrepancies = await h.ctx.db.discrepancy.findMany({ where: { orderId: o.id } });
    expect(discrepancies.map((d) => d.type)).toEqual(["unnotified_payment"]);
    // Asking again records nothing twice.
    const again = await check(o.id);
    expect(bodyOf(again, CheckResultResponse).order.payments).toHaveLength(1);
  });

  it("a cancelled order: provider_status closed", async () => {
    const o = await newOrder({ amount: 3300 });
    await cancel(o.id);
    const answer = await check(o.id);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ provider_status: "closed", order: { status: "cancelled" } });
  });

  it("provider down → 503; unknown order → 404", async () => {
    const o = await newOrder({ amount: 3400 });
    expectProblem(await withFault({ unavailable_next_calls: 1 }, () => check(o.id)), 503, "provider_unavailable");
    expectProblem(await check("ord_00000000000000000000000000"), 404, "not_found");
  });
});

describe("GET /api/v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document whose POST /api/v1/orders body schema is strict and has amount", async () => {
    const response = getOpenApi(new Request("http://till.test/api/v1/openapi.json"));
    expect(response.status).toBe(200);
    const doc = parseAs(OpenApiDocumentSchema, await response.json(), "openapi.json");
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(typeof doc.info.title).toBe("string");
    expect(typeof doc.info.version).toBe("string");
    const post = doc.paths["/api/v1/orders"]?.post;
    const schema = parseAs(RequestBodySchema, post?.requestBody?.content["application/json"]?.schema, "the POST /api/v1/orders body schema");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties).toHaveProperty("amount");
    expect(schema.properties.amount?.type).toBe("integer");
    expect(Object.keys(schema.properties).sort()).toEqual(["amount", "connection_id", "currency", "expires_in", "items", "note"]);
    expect(post?.responses).toHaveProperty("201");
    expect(post?.responses).toHaveProperty("422");
    for (const path of ["/api/v1/orders/{orderId}", "/api/v1/orders/{orderId}/qr.svg", "/api/v1/orders/{orderId}/cancel", "/api/v1/orders/{orderId}/check"]) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
  });

  it("takes no query parameters: one given is a 422 problem naming it", async () => {
    const response = getOpenApi(new Request("http://till.test/api/v1/openapi.json?format=yaml"));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: "invalid_request", errors: [{ path: "format" }] });
  });

  it("every $ref in the document resolves", async () => {
    const doc: unknown = await getOpenApi(new Request("http://till.test/api/v1/openapi.json")).json();
    const refs: string[] = [];
    const walk = (v: unknown) => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === "object") {
        for (const [k, x] of Object.entries(v)) {
          if (k === "$ref" && typeof x === "string") refs.push(x);
          else walk(x);
        }
      }
    };
    walk(doc);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith("#/")).toBe(true);
      const target = ref
        .slice(2)
        .split("/")
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc);
      expect(target, ref).toBeDefined();
    }
  });
});

describe("bad input outside the body: a problem+json 4xx, never a 5xx", () => {
  it("a query parameter given twice is a 422 naming it, even when both values are valid (GET /api/v1/discrepancies?type=a&type=b)", async () => {
    expectFieldError(await discrepancies("?type=a&type=b"), "type");
    expectFieldError(await discrepancies("?type=late_payment&type=overpaid"), "type");
    expectFieldError(await discrepancies("?status=open&status=open"), "status");
    expectFieldError(await list("?limit=1&limit=2"), "limit");
    expectFieldError(await list("?cursor=a&cursor=b"), "cursor");
  });

  it("an unknown query parameter is a 422 naming it, also on a route that takes none", async () => {
    expectFieldError(await discrepancies("?bogus=1"), "bogus");
    const order = await newOrder({ amount: 1234 });
    expectFieldError(await call(getOrderRoute, request("GET", `/api/v1/orders/${order.id}?expand=items`), { orderId: order.id }), "expand");
    expectFieldError(await call(cancelOrderRoute, request("POST", `/api/v1/orders/${order.id}/cancel?force=1`), { orderId: order.id }), "force");
    expect(orderOf(await getOne(order.id)).status).toBe("open");
  });

  it("a malformed percent-encoding in a query value reaches the schema as text: a 422 naming the parameter", async () => {
    expectFieldError(await discrepancies("?type=%E0%A4%A"), "type");
    expectFieldError(await list("?cursor=%E0%A4%A"), "cursor");
  });
});

/** Every API route file: the methods it implements, and the Allow its 405s and OPTIONS must carry. */
const ROUTES: { file: string; implements: string[]; allow: string }[] = [
  { file: "app/api/v1/orders/route.ts", implements: ["GET", "POST"], allow: "GET, HEAD, OPTIONS, POST" },
  { file: "app/api/v1/orders/[orderId]/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/v1/orders/[orderId]/cancel/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
  { file: "app/api/v1/orders/[orderId]/check/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
  { file: "app/api/v1/orders/[orderId]/qr.svg/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/v1/orders/[orderId]/events/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/v1/orders/[orderId]/refunds/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
  { file: "app/api/v1/payments/[paymentId]/refunds/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
  { file: "app/api/v1/discrepancies/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/v1/discrepancies/[discrepancyId]/resolve/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
  { file: "app/api/v1/statements/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
  { file: "app/api/v1/reconciliation/summary/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/v1/chain/summary/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/v1/openapi.json/route.ts", implements: ["GET"], allow: "GET, HEAD, OPTIONS" },
  { file: "app/api/webhooks/[provider]/route.ts", implements: ["POST"], allow: "OPTIONS, POST" },
];
const METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"];
type RouteModule = Record<string, Handler>;
const routeModule = async (file: string) => (await import(/* @vite-ignore */ path.join(process.cwd(), file))) as RouteModule;

describe("a method a path does not have: 405 method_not_allowed problem+json with Allow", () => {
  it("the table above lists every route file of API v1 and of the webhook receiver", () => {
    const files = ["app/api/v1", "app/api/webhooks"].flatMap((dir) =>
      (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith("route.ts")).map((f) => path.join(dir, f)),
    );
    expect(files.filter((f) => !f.includes("[[...path]]")).sort()).toEqual(ROUTES.map((r) => r.file).sort());
  });

  it.each(ROUTES)("$file answers every other method itself (Next.js's own 405 is empty), with Allow: $allow", async ({ file, implements: own, allow }) => {
    const mod = await routeModule(file);
    // HEAD is Next.js's job where GET exists: it runs GET and drops the body.
    const others = METHODS.filter((m) => !own.includes(m) && m !== "OPTIONS" && !(m === "HEAD" && own.includes("GET")));
    expect(Object.keys(mod).filter((k) => METHODS.includes(k)).sort()).toEqual([...own, ...others, "OPTIONS"].sort());
    for (const method of others) {
      const answer = await call(mod[method]!, request(method, "/api/v1/anything", { headers: { "x-request-id": `probe-${method}` } }));
      const problem = expectProblem(answer, 405, "method_not_allowed");
      expect(answer.headers.get("allow"), method).toBe(allow);
      expect(answer.headers.get("x-request-id")).toBe(`probe-${method}`);
      expect(problem.instance).toBe(`probe-${method}`);
    }
    const options = await call(mod.OPTIONS!, request("OPTIONS", "/api/v1/anything"));
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe(allow);
    expect(options.headers.get("x-request-id")).toEqual(expect.any(String));
  });

  it("a wrong method on the webhook receiver is a 405 and stores no delivery", async () => {
    const before = await h.ctx.db.webhookDelivery.count();
    const answer = await call(webhookRoute.GET, request("GET", "/api/webhooks/sandbox", { key: null }), { provider: "sandbox" });
    expectProblem(answer, 405, "method_not_allowed");
    expect(answer.headers.get("allow")).toBe("OPTIONS, POST");
    expect(await h.ctx.db.webhookDelivery.count()).toBe(before);
  });
});

describe("an /api/v1 path no route serves: 404 not_found problem+json", () => {
  it.each(METHODS)("%s", async (method) => {
    const answer = await call(unknownPathRoute[method as keyof typeof unknownPathRoute], request(method, "/api/v1/orders/x/y/z", { headers: { "x-request-id": "lost-1" } }), { path: ["orders", "x", "y", "z"] } as never);
    expect(answer.status).toBe(404);
    expect(answer.headers.get("content-type")).toBe("application/problem+json");
    expect(answer.headers.get("x-request-id")).toBe("lost-1");
    if (method !== "HEAD") expect(answer.json).toMatchObject({ status: 404, code: "not_found", instance: "lost-1" });
  });
});

describe("request ids: x-request-id on every answer, and the instance of every problem", () => {
  it("a client's safe id is kept on a success and on a problem", async () => {
    const ok = await call(listOrdersRoute, request("GET", "/api/v1/orders?limit=1", { headers: { "x-request-id": "till-e2e:42" } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-request-id")).toBe("till-e2e:42");
    const missing = await call(getOrderRoute, request("GET", "/api/v1/orders/T9-999999", { headers: { "x-request-id": "till-e2e:43" } }), { orderId: "T9-999999" });
    const problem = expectProblem(missing, 404, "not_found");
    expect(missing.headers.get("x-request-id")).toBe("till-e2e:43");
    expect(problem.instance).toBe("till-e2e:43");
  });

  it("an unsafe or over-long id is replaced by a new one, the same in the header and in instance", async () => {
    for (const given of ["x".repeat(65), "two words", "<b>"]) {
      const answer = await call(getOrderRoute, request("GET", "/api/v1/orders/T9-999999", { headers: { "x-request-id": given } }), { orderId: "T9-999999" });
      const id = answer.headers.get("x-request-id");
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(bodyOf(answer, ProblemSchema).instance).toBe(id);
    }
  });

  it("every kind of answer carries one: auth failure, body problem, 201, an SVG", async () => {
    const unauthorized = await call(listOrdersRoute, request("GET", "/api/v1/orders", { key: null }));
    expect(expectProblem(unauthorized, 401, "unauthorized").instance).toBe(unauthorized.headers.get("x-request-id"));
    const broken = await createRaw("{oops");
    expect(expectProblem(broken, 400, "invalid_request").instance).toBe(broken.headers.get("x-request-id"));
    const created = await create({ amount: 555 }, { headers: { "x-request-id": "sale-555" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("x-request-id")).toBe("sale-555");
    const createdId = orderOf(created).id;
    const svg = await call(qrSvgRoute, request("GET", `/api/v1/orders/${createdId}/qr.svg`, { headers: { "x-request-id": "qr-1" } }), { orderId: createdId });
    expect(svg.status).toBe(200);
    expect(svg.headers.get("x-request-id")).toBe("qr-1");
  });

  it("a replayed problem names the request that replays it", async () => {
    const cancelWith = (requestId: string) =>
      call(cancelOrderRoute, request("POST", "/api/v1/orders/T9-999998/cancel", { headers: { "idempotency-key": "cancel-missing-1", "x-request-id": requestId } }), { orderId: "T9-999998" });
    const first = await cancelWith("first-try");
    const firstProblem = expectProblem(first, 404, "not_found");
    expect(firstProblem.instance).toBe("first-try");
    const again = await cancelWith("second-try");
    const againProblem = expectProblem(again, 404, "not_found");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("x-request-id")).toBe("second-try");
    expect(againProblem.instance).toBe("second-try");
    // The problems as answered, every member included, equal but for the request id.
    expect({ ...bodyOf(again, AnyObject), instance: null }).toEqual({ ...bodyOf(first, AnyObject), instance: null });
  });

  it("the webhook receiver's answers carry one too, a rejected notification's problem included", async () => {
    const rejected = await call(webhookRoute.POST as Handler, request("POST", "/api/webhooks/sandbox", { key: null, raw: "{}", headers: { "x-request-id": "hook-1" } }), { provider: "sandbox" });
    const problem = expectProblem(rejected, 401, "unauthorized");
    expect(rejected.headers.get("x-request-id")).toBe("hook-1");
    expect(problem.instance).toBe("hook-1");
    const tooBig = await call(webhookRoute.POST as Handler, request("POST", "/api/webhooks/sandbox", { key: null, raw: "x".repeat(64 * 1024 + 1) }), { provider: "sandbox" });
    expect(expectProblem(tooBig, 413, "payload_too_large").instance).toBe(tooBig.headers.get("x-request-id"));
  });
});
