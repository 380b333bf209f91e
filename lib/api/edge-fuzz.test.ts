/**
 * Fuzzing the edges: random and mutated bodies against every write route of
 * API v1, the statement importer and the webhook receiver, through their real
 * route handlers, on the harness's SQLite file and a real Sandbox Pay.
 *
 * Whatever arrives, the answer is 2xx or 4xx, never 5xx; and an answer of 4xx
 * leaves the database as it was: a checksum of every table's rows is taken
 * before and after (the record of the rejection itself aside). The run is seeded (FUZZ_SEED overrides) and short.
 */
import Database from "better-sqlite3";
import { createHash } from "node:crypto";
import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as resolveRoute } from "@/app/api/v1/discrepancies/[discrepancyId]/resolve/route";
import { POST as cancelRoute } from "@/app/api/v1/orders/[orderId]/cancel/route";
import { POST as checkRoute } from "@/app/api/v1/orders/[orderId]/check/route";
import { POST as orderRefundRoute } from "@/app/api/v1/orders/[orderId]/refunds/route";
import { POST as createOrderRoute } from "@/app/api/v1/orders/route";
import { POST as paymentRefundRoute } from "@/app/api/v1/payments/[paymentId]/refunds/route";
import { POST as statementsRoute } from "@/app/api/v1/statements/route";
import { POST as webhookRoute } from "@/app/api/webhooks/[provider]/route";
import { serverCtx } from "@/lib/server-context";
import { startHarness, TEST_WEBHOOK_SECRET, type Harness, serveRoutesFrom } from "@/test/harness";

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
 * kept for an Idempotency-Key so that a retry gets the same 4xx. Everything
 * else must be byte for byte as before.
 */
const BOOKKEEPING: Record<string, string> = {
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

/** Calls the handler; asserts never 5xx, and a 4xx changed nothing. Returns the status. */
async function probe(handler: Handler, request: Request, params: Record<string, string>): Promise<number> {
  const before = checksums();
  const response = await handler(request, { params: Promise.resolve(params) });
  const text = await response.text();
  expect(response.status, `${request.method} ${request.url}: ${text.slice(0, 500)}`).toBeLessThan(500);
  expect(response.status).toBeGreaterThanOrEqual(200);
  if (response.status >= 400) expect(changedTables(before, checksums()), `a ${response.status} answer changed the database: ${text.slice(0, 300)}`).toEqual([]);
  return response.status;
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
