/**
 * Fuzzing the edges: random and mutated bodies against every write route of
 * API v1, the statement importer and the webhook receiver, and random and
 * mutated query strings and ids (cursors, limits, filters, dates) against
 * every read route of API v1 and the customer display's event stream, through
 * their real route handlers, on the harness's SQLite file and a real Sandbox Pay.
 *
 * Whatever arrives, the answer is 2xx or 4xx, never 5xx; an answer of 4xx
 * leaves the database as it was, and so does any answer to a read: a checksum
 * of every table's rows is taken before and after (the record of the
 * rejection, the key's last use and the audit of a refused key aside). An event stream that is answered
 * is closed again and must leave no subscription behind. No route implements
 * PUT, PATCH or DELETE: random bodies sent with them are 405s that change
 * nothing. The run is seeded (FUZZ_SEED overrides) and short.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as displayEventsRoute } from "@/app/api/display/orders/[orderId]/events/route";
import * as unknownPathRoutes from "@/app/api/v1/[[...path]]/route";
import * as resolveRoutes from "@/app/api/v1/discrepancies/[discrepancyId]/resolve/route";
import * as discrepanciesRoutes from "@/app/api/v1/discrepancies/route";
import * as openApiRoutes from "@/app/api/v1/openapi.json/route";
import * as cancelRoutes from "@/app/api/v1/orders/[orderId]/cancel/route";
import * as checkRoutes from "@/app/api/v1/orders/[orderId]/check/route";
import * as orderEventsRoutes from "@/app/api/v1/orders/[orderId]/events/route";
import * as qrRoutes from "@/app/api/v1/orders/[orderId]/qr.svg/route";
import * as orderRefundRoutes from "@/app/api/v1/orders/[orderId]/refunds/route";
import * as orderRoutes from "@/app/api/v1/orders/[orderId]/route";
import * as ordersRoutes from "@/app/api/v1/orders/route";
import * as paymentRefundRoutes from "@/app/api/v1/payments/[paymentId]/refunds/route";
import * as summaryRoutes from "@/app/api/v1/reconciliation/summary/route";
import * as statementsRoutes from "@/app/api/v1/statements/route";
import * as webhookRoutes from "@/app/api/webhooks/[provider]/route";
import { serverCtx } from "@/lib/server-context";
import { startHarness, TEST_WEBHOOK_SECRET, type Harness, serveRoutesFrom } from "@/test/harness";

const { POST: resolveRoute } = resolveRoutes;
const { POST: cancelRoute } = cancelRoutes;
const { POST: checkRoute } = checkRoutes;
const { POST: orderRefundRoute } = orderRefundRoutes;
const { POST: createOrderRoute } = ordersRoutes;
const { POST: paymentRefundRoute } = paymentRefundRoutes;
const { POST: statementsRoute } = statementsRoutes;
const { POST: webhookRoute } = webhookRoutes;

const SEED = Number(process.env.FUZZ_SEED ?? 20261128);
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const CASHIER_KEY = "tk_demo_0000000000000000";
const OWNER_KEY = "tk_demo_owner_000000000000";

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response> | Response;

let h: Harness;
let reader: Database.Database;
let paidOrderId: string;
let paymentId: string;
let openOrderId: string;

beforeAll(async () => {
  h = await startHarness();
  serveRoutesFrom(h);
  const paid = await h.newOrder(5000);
  await h.pay(paid.chargeId);
  await h.delivered(paid.chargeId, 1);
  paidOrderId = paid.orderId;
  paymentId = (await h.ctx.db.payment.findFirstOrThrow({ where: { orderId: paid.orderId } })).id;
  openOrderId = (await h.newOrder(700)).orderId;
  reader = new Database(h.dbPath, { readonly: true });
});

afterAll(async () => {
  reader.close();
  await (await serverCtx()).db.$disconnect();
  await h.close();
});

/**
 * What a rejection may leave behind, by design: the key's last use, and the
 * receiver's record of a rejected delivery (the inbox shows it), the answer
 * kept for an Idempotency-Key so that a retry gets the same 4xx, the audit
 * event of a cashier's key refused on an owner's route. Everything
 * else must be byte for byte as before.
 */
const BOOKKEEPING: Record<string, string> = {
  AuditEvent: `SELECT * FROM "AuditEvent" WHERE "action" <> 'access.denied' ORDER BY rowid`,
  ApiKey: `SELECT "id", "storeId", "role", "revokedAt" FROM "ApiKey" ORDER BY rowid`,
  IdempotencyRecord: `SELECT * FROM "IdempotencyRecord" WHERE NOT ("state" = 'done' AND "responseStatus" BETWEEN 400 AND 499) ORDER BY rowid`,
  WebhookDelivery: `SELECT * FROM "WebhookDelivery" WHERE "outcome" <> 'rejected' ORDER BY rowid`,
};

/** A digest of every row of each table: equal digests, unchanged table. */
function checksums(): Map<string, string> {
  const tables = reader.prepare(`SELECT "name" FROM "sqlite_master" WHERE "type" = 'table' ORDER BY "name"`).all() as { name: string }[];
  const sums = new Map<string, string>();
  for (const { name } of tables) {
    const hash = createHash("sha256");
    const query = BOOKKEEPING[name] ?? `SELECT * FROM "${name.replaceAll('"', '""')}" ORDER BY rowid`;
    for (const row of reader.prepare(query).raw().iterate()) hash.update(JSON.stringify(row));
    sums.set(name, hash.digest("hex"));
  }
  return sums;
}

function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((t) => before.get(t) !== after.get(t));
}

/**
 * Calls the handler; asserts never 5xx, and a 4xx (or any answer to a GET) changed nothing. An event
 * stream is read up to its first event and closed. Returns the status.
 */
async function probe(handler: Handler, request: Request, params: Record<string, string>): Promise<number> {
  const before = checksums();
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = response.headers.get("content-type")?.startsWith("text/event-stream") ? await firstEvent(response) : await response.text();
  expect(response.status, `${request.method} ${request.url}: ${text.slice(0, 500)}`).toBeLessThan(500);
  expect(response.status).toBeGreaterThanOrEqual(200);
  if (response.status >= 400 || request.method === "GET") {
    expect(changedTables(before, checksums()), `a ${response.status} answer to ${request.method} ${request.url} changed the database: ${text.slice(0, 300)}`).toEqual([]);
  }
  return response.status;
}

/** Reads an event stream's first event, then closes it as a browser leaving the page does. */
async function firstEvent(response: Response): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n\n")) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  await reader.cancel();
  expect(text).toMatch(/^retry: \d+\nevent: order\ndata: \{/);
  return text;
}

const post = (path: string, body: string, headers: Record<string, string>) =>
  new Request(new URL(path, "http://till.test"), { method: "POST", headers: { "content-type": "application/json", ...headers }, body });

/** A JSON value, or a valid-looking body with one member replaced by anything, or raw text. */
function bodies(valid: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(valid);
  const mutated = fc
    .record({ key: fc.constantFrom(...keys, "extra"), value: fc.jsonValue(), drop: fc.boolean() })
    .map(({ key, value, drop }) => {
      const copy: Record<string, unknown> = { ...valid };
      if (drop) delete copy[key];
      else copy[key] = value;
      return JSON.stringify(copy);
    });
  const numbers = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e308, Number.NaN)).map((amount) => JSON.stringify({ ...valid, amount }));
  return fc.oneof(fc.json(), mutated, numbers, fc.string(), fc.string().map((s) => JSON.stringify(valid).slice(0, s.length)));
}

const params = { seed: SEED, numRuns: RUNS, endOnFailure: true };

describe(`fuzzing API v1 and the webhook receiver (seed ${SEED})`, () => {
  it("POST /api/v1/orders", async () => {
    await fc.assert(
      fc.asyncProperty(bodies({ amount: 1200, currency: "CNY", note: "n", expires_in: 300 }), fc.boolean(), async (body, owner) => {
        await probe(createOrderRoute, post("/api/v1/orders", body, { authorization: `Bearer ${owner ? OWNER_KEY : CASHIER_KEY}` }), {});
      }),
      params,
    );
  });

  it("POST /api/v1/orders/{id}/refunds and /api/v1/payments/{id}/refunds", async () => {
    const ids = fc.oneof(fc.constant(paidOrderId), fc.constant(openOrderId), fc.string({ maxLength: 40 }));
    await fc.assert(
      fc.asyncProperty(bodies({ amount: 3000, reason: "r", payment_id: paymentId, approver_pin: "2468" }), ids, fc.string({ maxLength: 80 }), async (body, id, key) => {
        const headers = { authorization: `Bearer ${OWNER_KEY}`, "idempotency-key": key };
        await probe(orderRefundRoute, post(`/api/v1/orders/${encodeURIComponent(id)}/refunds`, body, headers), { orderId: id });
        await probe(paymentRefundRoute, post(`/api/v1/payments/${paymentId}/refunds`, body, headers), { paymentId });
      }),
      params,
    );
  });

  it("POST /api/v1/orders/{id}/cancel and /check, /api/v1/discrepancies/{id}/resolve", async () => {
    await fc.assert(
      fc.asyncProperty(bodies({ resolution: "accepted", note: "n", order_id: paidOrderId }), fc.string({ maxLength: 40 }), async (body, id) => {
        const headers = { authorization: `Bearer ${OWNER_KEY}` };
        await probe(cancelRoute, post(`/api/v1/orders/${encodeURIComponent(id)}/cancel`, body, headers), { orderId: id });
        await probe(checkRoute, post(`/api/v1/orders/${encodeURIComponent(id)}/check`, body, headers), { orderId: id });
        await probe(resolveRoute, post(`/api/v1/discrepancies/${encodeURIComponent(id)}/resolve`, body, headers), { discrepancyId: id });
      }),
      params,
    );
  });

  it("POST /api/v1/statements (the statement importer)", async () => {
    const day = new Date().toISOString().slice(0, 10);
    const header = "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency";
    const line = `${day}T08:16:03Z,PAYMENT,ch_x,01JD5T8Q2N9XK3M7V6W4R1ZB0C,pay_x,,2350,14,2336,CNY`;
    const valid = [`# period: ${day}T00:00:00Z/${day}T01:00:00Z`, header, line].join("\n");
    const mutatedLine = fc
      .tuple(fc.nat({ max: 9 }), fc.oneof(fc.string(), fc.constantFrom("-1", "1e3", "", "PAYMENT", "REFUND", "9999-99-99T00:00:00Z", '"')))
      .map(([i, cell]) => {
        const cells = line.split(",");
        cells[i] = cell;
        return [`# period: ${day}T00:00:00Z/${day}T01:00:00Z`, header, cells.join(",")].join("\n");
      });
    const text = fc.oneof(mutatedLine, fc.string(), fc.string().map((s) => valid.slice(0, s.length * 4)), fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")));
    const date = fc.oneof(fc.constant(day), fc.constant(""), fc.string({ maxLength: 12 }), fc.constant("2999-01-01"));
    await fc.assert(
      fc.asyncProperty(text, date, async (body, d) => {
        await probe(statementsRoute, post(`/api/v1/statements?date=${encodeURIComponent(d)}`, body, { authorization: `Bearer ${OWNER_KEY}`, "content-type": "text/csv" }), {});
      }),
      params,
    );
  });

  it("POST /api/webhooks/{provider}: unsigned, badly signed and correctly signed random bodies", async () => {
    const webhook = new Webhook(TEST_WEBHOOK_SECRET);
    const ref = (await h.ctx.db.order.findUniqueOrThrow({ where: { id: openOrderId } })).providerRef;
    const event = {
      id: "evt_fuzz",
      type: "payment.succeeded",
      created_at: new Date().toISOString(),
      data: {
        payment: { id: "pay_fuzz", charge_id: "ch_fuzz", merchant_ref: ref, amount: 700, currency: "CNY", payer: "wx_***0001", paid_at: new Date().toISOString() },
        charge: { id: "ch_fuzz", merchant_ref: ref, amount: 700, currency: "CNY", status: "succeeded" },
      },
    };
    const mutatedData = fc.record({ key: fc.constantFrom("id", "charge_id", "merchant_ref", "amount", "currency", "paid_at"), value: fc.jsonValue() }).map(({ key, value }) =>
      JSON.stringify({ ...event, data: { ...event.data, payment: { ...event.data.payment, [key]: value } } }),
    );
    const body = fc.oneof(bodies(event), mutatedData);
    const provider = fc.oneof(fc.constant("sandbox"), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(body, provider, fc.constantFrom("signed", "unsigned", "bad"), fc.string({ minLength: 1, maxLength: 70 }), async (raw, kind, signing, id) => {
        const at = new Date();
        const headers: Record<string, string> =
          signing === "unsigned" ? {} : { "webhook-id": id, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signing === "signed" ? webhook.sign(id, at, raw) : "v1,AAAA" };
        await probe(webhookRoute as Handler, post(`/api/webhooks/${encodeURIComponent(kind)}`, raw, headers), { provider: kind });
      }),
      params,
    );
  });
});

/** A query string: known and unknown names (some repeated) with random, boundary and near-valid values. */
function queries(names: string[], values: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(fc.tuple(fc.oneof(fc.constantFrom(...names), fc.constant("extra"), fc.string({ maxLength: 8 })), values), { maxLength: 4 }).map((pairs) => new URLSearchParams(pairs).toString());
}

const get = (path: string, query: string, key: string | null) =>
  new Request(new URL(`${path}${query ? `?${query}` : ""}`, "http://till.test"), { method: "GET", headers: key === null ? {} : { authorization: `Bearer ${key}` } });

describe(`fuzzing the read routes: query strings and ids (seed ${SEED})`, () => {
  const keys = fc.constantFrom<string | null>(CASHIER_KEY, OWNER_KEY, null, "tk_not_a_key_000000000000");
  /** Cursors: real ones, real ones with a byte changed, and well-formed ones around dates and ids that do not exist. */
  const cursors = (real: string) =>
    fc.oneof(
      fc.constant(real),
      fc.tuple(fc.nat({ max: Math.max(0, real.length - 1) }), fc.string({ minLength: 1, maxLength: 1 })).map(([i, c]) => real.slice(0, i) + c + real.slice(i + 1)),
      fc
        .tuple(
          fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom("2026-13-45T99:99:99.999Z", "0000-00-00T00:00:00.000Z", "2026-02-30T00:00:00.000Z", ""), fc.string({ maxLength: 24 })),
          fc.oneof(fc.constant(paidOrderId), fc.stringMatching(/^ord_[0-9A-Z]{26}$/), fc.string({ maxLength: 30 })),
          fc.constantFrom("|", "||", ""),
        )
        .map(([at, id, sep]) => Buffer.from(`${at}${sep}${id}`).toString("base64url")),
      fc.string({ maxLength: 60 }),
    );
  const scalars = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.integer().map(String),
    fc.double().map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.constantFrom("", "0", "1", "-1", "100", "101", "1e2", "0x10", " 5", "NaN", "Infinity", "null", "[]", "2026-02-30", "9999-12-31", "2026-11-28T08:00:00+08:00", "2026-11-28T08:00:00", "paid", "open", "resolved", "amount_mismatch"),
  );

  let orderCursor = "";
  beforeAll(async () => {
    const page = await ordersRoutes.GET(get("/api/v1/orders", "limit=1", CASHIER_KEY), { params: Promise.resolve({}) });
    orderCursor = ((await page.json()) as { next_cursor: string }).next_cursor;
    expect(orderCursor).toEqual(expect.any(String));
  });

  it("GET /api/v1/orders: status, since, limit, cursor", async () => {
    await fc.assert(
      fc.asyncProperty(queries(["status", "since", "limit", "cursor"], fc.oneof(scalars, cursors(orderCursor))), keys, async (query, key) => {
        await probe(ordersRoutes.GET, get("/api/v1/orders", query, key), {});
      }),
      params,
    );
  });

  it("GET /api/v1/discrepancies and /api/v1/reconciliation/summary: filters, dates, limits, cursors", async () => {
    await fc.assert(
      fc.asyncProperty(
        queries(["status", "type", "order_id", "limit", "cursor", "date"], fc.oneof(scalars, cursors(orderCursor), fc.constant(paidOrderId))),
        keys,
        async (query, key) => {
          await probe(discrepanciesRoutes.GET, get("/api/v1/discrepancies", query, key), {});
          await probe(summaryRoutes.GET, get("/api/v1/reconciliation/summary", query, key), {});
        },
      ),
      params,
    );
  });

  it("GET /api/v1/orders/{id}, /qr.svg, /events and the customer display's events: ids and stray queries", async () => {
    const ids = fc.oneof(fc.constant(paidOrderId), fc.constant(openOrderId), fc.stringMatching(/^ord_[0-9A-Z]{26}$/), fc.string({ maxLength: 40 }), fc.constantFrom("", "..", "%00", paymentId));
    const listenersBefore = (await serverCtx()).bus.listenerCount();
    await fc.assert(
      fc.asyncProperty(ids, fc.oneof(fc.constant(""), queries(["limit", "cursor"], scalars)), keys, async (id, query, key) => {
        const path = `/api/v1/orders/${encodeURIComponent(id)}`;
        await probe(orderRoutes.GET, get(path, query, key), { orderId: id });
        await probe(qrRoutes.GET, get(`${path}/qr.svg`, query, key), { orderId: id });
        await probe(orderEventsRoutes.GET, get(`${path}/events`, query, key), { orderId: id });
        await probe(displayEventsRoute as Handler, get(`/api/display/orders/${encodeURIComponent(id)}/events`, query, null), { orderId: id });
      }),
      params,
    );
    expect((await serverCtx()).bus.listenerCount(), "every stream closed gave back its subscription").toBe(listenersBefore);
  });

  it("GET /api/v1/openapi.json and unknown paths under /api/v1", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(""), queries(["limit"], scalars)), fc.array(fc.string({ minLength: 1, maxLength: 12 }), { maxLength: 3 }), keys, async (query, segments, key) => {
        await probe(openApiRoutes.GET, get("/api/v1/openapi.json", query, key), {});
        const path = `/api/v1/${segments.map(encodeURIComponent).join("/")}`;
        expect(await probe(unknownPathRoutes.GET, get(path, query, key), { path: segments as unknown as string })).toBe(404);
      }),
      params,
    );
  });

  it("PUT, PATCH and DELETE with random bodies: no route implements them, each is a 405 that changes nothing", async () => {
    const modules = [resolveRoutes, discrepanciesRoutes, openApiRoutes, cancelRoutes, checkRoutes, orderEventsRoutes, qrRoutes, orderRefundRoutes, orderRoutes, ordersRoutes, paymentRefundRoutes, summaryRoutes, statementsRoutes, webhookRoutes];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...modules), fc.constantFrom("PUT", "PATCH", "DELETE"), bodies({ amount: 100, status: "paid" }), keys, async (mod, method, body, key) => {
        const handler = (mod as Record<string, Handler>)[method]!;
        const request = new Request(new URL(`/api/v1/orders/${paidOrderId}`, "http://till.test"), {
          method,
          headers: { "content-type": "application/json", ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
          body,
        });
        expect(await probe(handler, request, { orderId: paidOrderId, provider: "sandbox", discrepancyId: "x", paymentId })).toBe(405);
      }),
      params,
    );
  });
});
