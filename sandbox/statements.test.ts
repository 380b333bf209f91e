import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inMinutes, startTestSandbox, tempDbPath, uniqueRef, waitFor, type TestSandbox } from "./test-support";
import { Charge, PayResult, Refund } from "./test-schemas";

// A frozen, hand-moved clock: every movement gets an exact, known time.
let clock = 0;
const at = (iso: string) => (clock = Date.parse(iso));
let sb: TestSandbox;
const db = tempDbPath();
const NOTIFY = "http://127.0.0.1:9/closed";

beforeAll(async () => {
  at("2025-03-10T08:00:00Z");
  sb = await startTestSandbox({ dbPath: db.dbPath, now: () => new Date(clock) });
});
afterAll(async () => {
  await sb.close();
  db.cleanup();
});

async function pay(amount: number, currency: string) {
  const merchant_ref = uniqueRef("st");
  const charge = (
    await sb.api("POST", "/v1/charges", {
      body: { merchant_ref, amount, currency, expires_at: inMinutes(15, clock), notify_url: NOTIFY },
    })
  ).as(Charge);
  const paid = (await sb.api("POST", `/sandbox/charges/${charge.id}/pay`, { body: {} })).as(PayResult);
  return { chargeId: charge.id, ref: merchant_ref, paymentId: paid.payment.id };
}

async function refund(paymentId: string, amount: number) {
  const r = await sb.api("POST", "/v1/refunds", {
    body: { payment_id: paymentId, amount },
    headers: { "idempotency-key": uniqueRef("rf") },
  });
  return r.as(Refund).id;
}

const settled = (id: string) =>
  waitFor(async () => (await sb.api("GET", `/v1/refunds/${id}`)).as(Refund).status !== "pending");

const statement = (date: string) => sb.api("GET", `/v1/statements?date=${date}`);

describe("GET /v1/statements", () => {
  it("a past day, byte for byte: ordered movements, fee half-up, only succeeded refunds", async () => {
    at("2025-03-10T08:15:00Z");
    const a = await pay(2350, "CNY"); // fee 14.1 → 14
    at("2025-03-10T08:15:03.400Z");
    const b = await pay(250, "JPY"); // fee 1.5 → 2 (half-up)
    at("2025-03-10T09:01:40Z");
    const r1 = await refund(a.paymentId, 500);
    await settled(r1);
    at("2025-03-10T09:05:00Z");
    // A failed refund is never booked (a fault, not /fail, so no race with the 50 ms settle timer).
    await sb.api("POST", "/sandbox/faults", { body: { fail_next_refunds: 1 } });
    const r2 = await refund(a.paymentId, 300);
    await settled(r2);
    expect((await sb.api("GET", `/v1/refunds/${r2}`)).as(Refund).status).toBe("failed");
    at("2025-03-10T23:59:59.900Z");
    const r3 = await refund(a.paymentId, 100);
    await settled(r3);
    at("2025-03-11T00:00:00Z");
    const c = await pay(83, "USD"); // fee 0.498 → 0; booked on the next day
    at("2025-03-11T10:20:30.500Z");
    const d = await pay(1_000_000, "KWD"); // fee exactly 6000

    at("2025-03-12T10:00:00Z");
    const r = await statement("2025-03-10");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(r.text).toBe(
      "# period: 2025-03-10T00:00:00Z/2025-03-11T00:00:00Z\n" +
        "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency\n" +
        `2025-03-10T08:15:00Z,PAYMENT,${a.chargeId},${a.ref},${a.paymentId},,2350,14,2336,CNY\n` +
        `2025-03-10T08:15:03Z,PAYMENT,${b.chargeId},${b.ref},${b.paymentId},,250,2,248,JPY\n` +
        `2025-03-10T09:01:40Z,REFUND,${a.chargeId},${a.ref},${a.paymentId},${r1},500,0,-500,CNY\n` +
        `2025-03-10T23:59:59Z,REFUND,${a.chargeId},${a.ref},${a.paymentId},${r3},100,0,-100,CNY\n`,
    );

    // Today's statement is partial, cut at the whole second it was made.
    at("2025-03-11T10:20:30.700Z");
    const today = await statement("2025-03-11");
    expect(today.text).toBe(
      "# period: 2025-03-11T00:00:00Z/2025-03-11T10:20:30Z\n" +
        "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency\n" +
        `2025-03-11T00:00:00Z,PAYMENT,${c.chargeId},${c.ref},${c.paymentId},,83,0,83,USD\n`,
    );
    at("2025-03-11T10:20:31Z");
    expect((await statement("2025-03-11")).text).toContain(`${d.paymentId},,1000000,6000,994000,KWD\n`);
  });

  it("an empty day is the period and the header", async () => {
    expect((await statement("2024-01-01")).text).toBe(
      "# period: 2024-01-01T00:00:00Z/2024-01-02T00:00:00Z\ntime,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency\n",
    );
  });

  it.each(["2025-03-12", "2030-01-01"])("a future day (%s) is 422 invalid_request", async (day) => {
    at("2025-03-11T23:59:59Z");
    const r = await statement(day);
    expect(r.status).toBe(422);
    expect(r.error().code).toBe("invalid_request");
  });

  it.each(["2025-02-29", "2025-3-1", "20250301", "yesterday", ""])("a bad date (%j) is 422", async (day) => {
    expect((await statement(day)).status).toBe(422);
  });

  it("no date at all is 422", async () => {
    expect((await sb.api("GET", "/v1/statements")).status).toBe(422);
  });
});
