import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chargeBody, inMinutes, paidCharge, startTestSandbox, tempDbPath, uniqueRef, type TestSandbox } from "./test-support";
import { Charge, PayResult } from "./test-schemas";

// A clock the tests can move forward; it follows real time so webhooks stay verifiable.
let offsetMs = 0;
let sb: TestSandbox;
const db = tempDbPath();
const NOTIFY = "http://127.0.0.1:9/unused";

beforeAll(async () => {
  sb = await startTestSandbox({ dbPath: db.dbPath, now: () => new Date(Date.now() + offsetMs) });
});
afterAll(async () => {
  await sb.close();
  db.cleanup();
});

describe("POST /v1/charges", () => {
  it("creates a pending charge with a QR pointing at the phone page", async () => {
    const body = chargeBody(NOTIFY, { expires_at: "2099-01-01T08:30:00.750+08:00" });
    const r = await sb.api("POST", "/v1/charges", { body });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({
      merchant_ref: body.merchant_ref,
      amount: 2350,
      currency: "CNY",
      description: "Order T1-000123",
      status: "pending",
      amount_received: 0,
      payments: [],
      expires_at: "2099-01-01T00:30:00Z",
    });
    const charge = r.as(Charge);
    expect(charge.id).toMatch(/^ch_[0-9a-z]{24}$/);
    expect(charge.qr_content).toBe(`${sb.url}/pay/${charge.id}`);
    expect(charge.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("is idempotent by merchant_ref: same amount and currency answers 200 with the same charge", async () => {
    const body = chargeBody(NOTIFY);
    const first = await sb.api("POST", "/v1/charges", { body });
    const again = await sb.api("POST", "/v1/charges", { body: { ...body, description: "other", expires_at: inMinutes(60) } });
    expect(again.status).toBe(200);
    expect(again.as(Charge).id).toBe(first.as(Charge).id);
    expect(again.as(Charge).description).toBe("Order T1-000123");
  });

  it("returns the existing charge whatever its status, even once its expiry has passed", async () => {
    const body = chargeBody(NOTIFY, { expires_at: inMinutes(5) });
    const first = await sb.api("POST", "/v1/charges", { body });
    offsetMs += 10 * 60_000;
    try {
      const again = await sb.api("POST", "/v1/charges", { body });
      expect(again.status).toBe(200);
      expect(again.json).toMatchObject({ id: first.as(Charge).id, status: "expired" });
    } finally {
      offsetMs -= 10 * 60_000;
    }
  });

  it("answers 409 merchant_ref_conflict for a different amount or currency", async () => {
    const body = chargeBody(NOTIFY);
    await sb.api("POST", "/v1/charges", { body });
    for (const change of [{ amount: 2351 }, { currency: "USD" }]) {
      const r = await sb.api("POST", "/v1/charges", { body: { ...body, ...change } });
      expect(r.status).toBe(409);
      expect(r.error().code).toBe("merchant_ref_conflict");
    }
  });

  it.each([
    ["amount 0", { amount: 0 }, "amount"],
    ["negative amount", { amount: -5 }, "amount"],
    ["fractional amount", { amount: 23.5 }, "amount"],
    ["amount as a string", { amount: "2350" }, "amount"],
    ["unknown currency", { currency: "XYZ" }, "currency"],
    ["lower-case currency", { currency: "cny" }, "currency"],
    ["expires_at in the past", { expires_at: "2020-01-01T00:00:00Z" }, "expires_at"],
    ["expires_at not RFC 3339", { expires_at: "tomorrow" }, "expires_at"],
    ["bad merchant_ref", { merchant_ref: "has space" }, "merchant_ref"],
    ["merchant_ref too long", { merchant_ref: "x".repeat(65) }, "merchant_ref"],
    ["missing notify_url", { notify_url: undefined }, "notify_url"],
    ["non-http notify_url", { notify_url: "ftp://example.com" }, "notify_url"],
    ["unknown field", { tip: 5 }, "tip"],
  ])("rejects %s with 422 invalid_request naming the field", async (_name, change, field) => {
    const r = await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY, change) });
    expect(r.status).toBe(422);
    expect(r.error().code).toBe("invalid_request");
    expect(r.error().message).toContain(field);
  });

  it("accepts a JPY charge (exponent 0) and a 3-digit-exponent KWD charge", async () => {
    for (const currency of ["JPY", "KWD"]) {
      const r = await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY, { currency, amount: 500 }) });
      expect(r.status).toBe(201);
    }
  });
});

describe("reading charges", () => {
  it("GET /v1/charges/{id} returns the charge with its payments; unknown id 404", async () => {
    const { charge, payment } = await paidCharge(sb, NOTIFY);
    const r = await sb.api("GET", `/v1/charges/${charge.id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ status: "succeeded", amount_received: 2350, payments: [payment] });
    const missing = await sb.api("GET", "/v1/charges/ch_doesnotexist");
    expect(missing.status).toBe(404);
    expect(missing.error().code).toBe("not_found");
  });

  it("GET /v1/charges?merchant_ref= finds the charge, or an empty list", async () => {
    const body = chargeBody(NOTIFY);
    const created = await sb.api("POST", "/v1/charges", { body });
    const found = await sb.api("GET", `/v1/charges?merchant_ref=${body.merchant_ref}`);
    expect(found.json).toEqual({ data: [created.json] });
    const none = await sb.api("GET", `/v1/charges?merchant_ref=${uniqueRef()}`);
    expect(none).toMatchObject({ status: 200, json: { data: [] } });
    expect((await sb.api("GET", "/v1/charges")).status).toBe(422);
  });

  it("a charge read after expires_at is expired, and stays so", async () => {
    const created = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY, { expires_at: inMinutes(2) }) })).as(Charge);
    offsetMs += 3 * 60_000;
    try {
      expect((await sb.api("GET", `/v1/charges/${created.id}`)).as(Charge).status).toBe("expired");
    } finally {
      offsetMs -= 3 * 60_000;
    }
    expect((await sb.api("GET", `/v1/charges/${created.id}`)).as(Charge).status).toBe("expired");
  });
});

describe("closing and expiring", () => {
  it("close: pending → closed; closed or expired again → 200 unchanged; succeeded → 409", async () => {
    const created = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) })).as(Charge);
    const closed = await sb.api("POST", `/v1/charges/${created.id}/close`);
    expect(closed).toMatchObject({ status: 200, json: { status: "closed" } });
    expect((await sb.api("POST", `/v1/charges/${created.id}/close`)).as(Charge).status).toBe("closed");

    const other = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) })).as(Charge);
    await sb.api("POST", `/sandbox/charges/${other.id}/expire`);
    expect((await sb.api("POST", `/v1/charges/${other.id}/close`)).as(Charge).status).toBe("expired");

    const { charge } = await paidCharge(sb, NOTIFY);
    const refused = await sb.api("POST", `/v1/charges/${charge.id}/close`);
    expect(refused.status).toBe(409);
    expect(refused.error().code).toBe("charge_succeeded");
    expect((await sb.api("POST", "/v1/charges/ch_nope/close")).status).toBe(404);
  });

  it("/sandbox/charges/{id}/expire expires a pending charge now", async () => {
    const created = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) })).as(Charge);
    const r = await sb.api("POST", `/sandbox/charges/${created.id}/expire`);
    expect(r).toMatchObject({ status: 200, json: { status: "expired" } });
    expect(Date.parse(r.as(Charge).expires_at)).toBeLessThanOrEqual(Date.now());
    expect((await sb.api("POST", "/sandbox/charges/ch_nope/expire")).status).toBe(404);
  });
});

describe("POST /sandbox/charges/{id}/pay", () => {
  it("pays the charge's amount by default with a fake payer", async () => {
    const { charge, payment } = await paidCharge(sb, NOTIFY);
    expect(payment).toMatchObject({ charge_id: charge.id, amount: 2350, currency: "CNY", merchant_ref: charge.merchant_ref });
    expect(payment.id).toMatch(/^pay_/);
    expect(payment.payer).toMatch(/^wx_\*\*\*\d{4}$/);
    expect(charge).toMatchObject({ status: "succeeded", amount_received: 2350 });
  });

  it("partial payments add up; the charge succeeds once amount_received ≥ amount", async () => {
    const created = await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) });
    const id = created.as(Charge).id;
    const first = await sb.api("POST", `/sandbox/charges/${id}/pay`, { body: { amount: 1000 } });
    expect(first.as(PayResult).charge).toMatchObject({ status: "pending", amount_received: 1000 });
    const second = await sb.api("POST", `/sandbox/charges/${id}/pay`, { body: { amount: 1350 } });
    expect(second.as(PayResult).charge).toMatchObject({ status: "succeeded", amount_received: 2350 });
    expect(second.as(PayResult).charge.payments).toHaveLength(2);
  });

  it("refuses expired, closed and paid charges with 409 charge_not_payable unless forced", async () => {
    const { charge } = await paidCharge(sb, NOTIFY);
    const expired = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) })).as(Charge);
    await sb.api("POST", `/sandbox/charges/${expired.id}/expire`);
    const closed = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) })).as(Charge);
    await sb.api("POST", `/v1/charges/${closed.id}/close`);
    for (const [id, status] of [[charge.id, "succeeded"], [expired.id, "expired"], [closed.id, "closed"]] as const) {
      const refused = await sb.api("POST", `/sandbox/charges/${id}/pay`, { body: {} });
      expect(refused.status).toBe(409);
      expect(refused.error().code).toBe("charge_not_payable");
      const forced = await sb.api("POST", `/sandbox/charges/${id}/pay`, { body: { force: true } });
      expect(forced.status).toBe(201);
      // A forced payment is recorded but leaves the status as it is.
      expect(forced.as(PayResult).charge.status).toBe(status);
      expect(forced.as(PayResult).charge.payments.length).toBeGreaterThanOrEqual(1);
    }
  });

  it("validates its body and answers 404 for an unknown charge", async () => {
    const created = (await sb.api("POST", "/v1/charges", { body: chargeBody(NOTIFY) })).as(Charge);
    for (const body of [{ amount: 0 }, { delivery: "sometimes" }, { delivery: "delay_ms:x" }, { force: "yes" }]) {
      const r = await sb.api("POST", `/sandbox/charges/${created.id}/pay`, { body });
      expect(r.status).toBe(422);
    }
    expect((await sb.api("POST", "/sandbox/charges/ch_nope/pay", { body: {} })).status).toBe(404);
  });
});
