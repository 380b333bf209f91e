import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, chargeBody, KEY, paidCharge, startTestSandbox, tempDbPath, type TestSandbox } from "./test-support";
import { Refund } from "./test-schemas";

let sb: TestSandbox;
let chargeId: string;
let paymentId: string;
let refundId: string;
const db = tempDbPath();
const NOTIFY = "http://127.0.0.1:9/closed";

beforeAll(async () => {
  sb = await startTestSandbox({ dbPath: db.dbPath });
  ({ payment: { id: paymentId }, charge: { id: chargeId } } = await paidCharge(sb, NOTIFY));
  const r = await sb.api("POST", "/v1/refunds", { body: { payment_id: paymentId, amount: 1 }, headers: { "idempotency-key": "k1" } });
  refundId = r.as(Refund).id;
});
afterAll(async () => {
  await sb.close();
  db.cleanup();
});

const merchantCalls = () => [
  ["POST", "/v1/charges"],
  ["GET", `/v1/charges?merchant_ref=x`],
  ["GET", `/v1/charges/${chargeId}`],
  ["POST", `/v1/charges/${chargeId}/close`],
  ["POST", "/v1/refunds"],
  ["GET", `/v1/refunds/${refundId}`],
  ["GET", "/v1/refunds?merchant_refund_ref=k1"],
  ["GET", "/v1/statements?date=2024-01-01"],
  ["POST", `/sandbox/charges/${chargeId}/pay`],
  ["POST", `/sandbox/charges/${chargeId}/expire`],
  ["POST", `/sandbox/refunds/${refundId}/fail`],
  ["GET", "/sandbox/faults"],
  ["POST", "/sandbox/faults"],
  ["GET", "/sandbox/events"],
];

const postPaths = () => [...merchantCalls().filter(([m]) => m === "POST").map(([, p]) => p!), `/pay/${chargeId}`];

describe("authentication", () => {
  it.each([
    ["no header", null],
    ["a wrong key", "sk_wrong"],
    ["an empty key", ""],
  ])("every merchant and sandbox call answers 401 unauthorized with %s", async (_name, key) => {
    for (const [method, p] of merchantCalls()) {
      const r = await sb.api(method!, p!, { key });
      expect(r.status, `${method} ${p}`).toBe(401);
      expect(r.error().code).toBe("unauthorized");
    }
  });

  it("rejects other schemes and accepts any case of 'Bearer'", async () => {
    const basic = await call(sb.url, "GET", "/sandbox/faults", { key: null, headers: { authorization: `Basic ${KEY}` } });
    expect(basic.status).toBe(401);
    const lower = await call(sb.url, "GET", "/sandbox/faults", { key: null, headers: { authorization: `bearer ${KEY}` } });
    expect(lower.status).toBe(200);
  });

  it("the phone page and its pay call need no key", async () => {
    expect((await sb.api("GET", `/pay/${chargeId}`, { key: null })).status).toBe(200);
  });
});

describe("routing and bodies", () => {
  it("unknown route 404, wrong method 405 with Allow", async () => {
    const unknown = await sb.api("GET", "/v2/charges");
    expect(unknown).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    const wrong = await sb.api("DELETE", `/v1/charges/${chargeId}`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("GET");
    expect((await sb.api("GET", `/v1/charges/${chargeId}/close`)).status).toBe(405);
    expect((await sb.api("GET", "/v1/charges/%E0%A4%A")).status).toBe(404);
  });

  it.each(["{bad", '{"amount": 1,}', "undefined", "{'a':1}"])("unparseable JSON %j is 400 invalid_request", async (raw) => {
    for (const p of postPaths()) {
      const r = await sb.api("POST", p, { rawBody: raw, headers: { "idempotency-key": "k-json" } });
      expect(r.status, p).toBe(400);
      expect(r.error().code).toBe("invalid_request");
    }
  });

  it("a body over 64 KiB is 413, also when sent without Content-Length", async () => {
    const big = JSON.stringify({ ...chargeBody(NOTIFY), description: "x".repeat(70 * 1024) });
    const r = await sb.api("POST", "/v1/charges", { rawBody: big });
    expect(r.status).toBe(413);
    expect(r.error().code).toBe("payload_too_large");
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("x".repeat(8192)));
        c.close();
      },
    });
    const chunked = await fetch(`${sb.url}/v1/charges`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(chunked.status).toBe(413);
  });

  it("bytes that are not UTF-8 are 400", async () => {
    const r = await fetch(`${sb.url}/v1/charges`, {
      method: "POST",
      headers: { authorization: `Bearer ${KEY}` },
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(r.status).toBe(400);
  });

  it("JSON that is not an object is 422, never 5xx", async () => {
    for (const raw of ["null", "[]", '"text"', "42", "true", '{"amount":1e400}', '{"__proto__":{"x":1}}']) {
      for (const p of postPaths()) {
        const r = await sb.api("POST", p, { rawBody: raw, headers: { "idempotency-key": `k-${raw}` } });
        expect(r.status, `${p} ${raw}`).toBeGreaterThanOrEqual(400);
        expect(r.status, `${p} ${raw}`).toBeLessThan(500);
      }
    }
  });

  it("random JSON bodies and query strings never cause a 5xx", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...postPaths()),
        fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom("merchant_ref", "amount", "currency", "expires_at", "notify_url", "payment_id", "reason", "force", "delivery", "drop_rate"), fc.jsonValue())),
        fc.string({ maxLength: 80 }),
        async (p, value, key) => {
          const r = await sb.api("POST", p, { rawBody: JSON.stringify(value), headers: { "idempotency-key": encodeURIComponent(key) || "k" } });
          return r.status < 500;
        },
      ),
      { numRuns: 150 },
    );
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (q) => {
        const e = encodeURIComponent(q);
        const replies = await Promise.all([
          sb.api("GET", `/v1/statements?date=${e}`),
          sb.api("GET", `/v1/charges?merchant_ref=${e}`),
          sb.api("GET", `/v1/refunds?merchant_refund_ref=${e}`),
          sb.api("GET", `/v1/charges/${e}`),
          sb.api("GET", `/pay/${e}`),
        ]);
        return replies.every((r) => r.status < 500);
      }),
      { numRuns: 60 },
    );
  });
});
