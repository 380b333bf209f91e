import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { firstOf } from "../test/parse";
import { eventsOf, paidCharge, Receiver, startTestSandbox, tempDbPath, waitFor, type TestSandbox } from "./test-support";
import { Faults } from "./test-schemas";

let sb: TestSandbox;
let receiver: Receiver;
const db = tempDbPath();
const NO_FAULTS = { drop_rate: 0, duplicate_rate: 0, max_delay_ms: 0, bad_signature_rate: 0, fail_next_refunds: 0, unavailable_next_calls: 0 };

beforeAll(async () => {
  receiver = await new Receiver().start();
  sb = await startTestSandbox({ dbPath: db.dbPath });
});
afterEach(async () => {
  await sb.api("POST", "/sandbox/faults", { body: NO_FAULTS });
  receiver.holdMs = 0;
});
afterAll(async () => {
  await sb.close();
  await receiver.close();
  db.cleanup();
});

const delivered = (chargeId: string) =>
  waitFor(async () => (await eventsOf(sb, chargeId)).find((e) => e.type === "payment.succeeded" && e.state === "delivered"));

describe("per-payment delivery", () => {
  it("drop: the money is taken, nothing is ever sent, the event log says dropped", async () => {
    const { charge, payment } = await paidCharge(sb, receiver.url, { delivery: "drop" });
    expect(payment.id).toMatch(/^pay_/);
    await new Promise((r) => setTimeout(r, 150));
    const event = firstOf(await eventsOf(sb, charge.id), "the charge's events");
    expect(event).toMatchObject({ state: "dropped", delivery: "drop", attempts: [] });
    expect(receiver.of(event.id)).toEqual([]);
  });

  it("duplicate: 3 deliveries of the same event, 2 of them at the same time", async () => {
    receiver.holdMs = 300;
    receiver.maxInFlight = 0;
    const { charge } = await paidCharge(sb, receiver.url, { delivery: "duplicate" });
    const event = await delivered(charge.id);
    await waitFor(() => receiver.of(event.id).length === 3);
    const got = receiver.of(event.id);
    expect(got.every((d) => d.verified && d.body === got[0]!.body)).toBe(true);
    // Each answer takes 300 ms: the first two overlap, the third comes after them.
    expect(Math.abs(got[1]!.receivedAt - got[0]!.receivedAt)).toBeLessThan(250);
    expect(got[2]!.receivedAt - got[0]!.receivedAt).toBeGreaterThanOrEqual(290);
    expect(receiver.maxInFlight).toBe(2);
    const logged = firstOf(await eventsOf(sb, charge.id), "the charge's events");
    expect(logged.attempts).toHaveLength(3);
  });

  it("delay_ms:N holds the first attempt back N ms", async () => {
    const { charge } = await paidCharge(sb, receiver.url, { delivery: "delay_ms:300" });
    const paidAt = Date.now();
    const event = await delivered(charge.id);
    expect(receiver.of(event.id)[0]!.receivedAt - paidAt).toBeGreaterThanOrEqual(250);
  });
});

describe("global faults", () => {
  it("GET /sandbox/faults shows the settings; POST changes only the fields sent", async () => {
    expect((await sb.api("GET", "/sandbox/faults")).json).toEqual(NO_FAULTS);
    const r = await sb.api("POST", "/sandbox/faults", { body: { drop_rate: 0.5 } });
    expect(r.json).toEqual({ ...NO_FAULTS, drop_rate: 0.5 });
    for (const body of [{ drop_rate: 2 }, { max_delay_ms: -1 }, { fail_next_refunds: 1.5 }, { chaos: 1 }]) {
      expect((await sb.api("POST", "/sandbox/faults", { body })).status).toBe(422);
    }
    expect((await sb.api("GET", "/sandbox/faults", { key: "wrong" })).status).toBe(401);
  });

  it("drop_rate: a dropped attempt counts as failed and is retried", async () => {
    await sb.api("POST", "/sandbox/faults", { body: { drop_rate: 1 } });
    const { charge } = await paidCharge(sb, receiver.url);
    const event = await waitFor(async () => {
      const [first] = await eventsOf(sb, charge.id);
      return first !== undefined && first.attempts.length >= 2 && first;
    });
    expect(event.attempts[0]).toMatchObject({ ok: false, status_code: null });
    expect(event.attempts[0]?.error).toContain("drop");
    expect(receiver.of(event.id)).toEqual([]);
    await sb.api("POST", "/sandbox/faults", { body: { drop_rate: 0 } });
    await delivered(charge.id);
    expect(receiver.of(event.id).map((d) => d.status)).toEqual([200]);
  });

  it("duplicate_rate: each attempt is sent twice at once", async () => {
    await sb.api("POST", "/sandbox/faults", { body: { duplicate_rate: 1 } });
    const { charge } = await paidCharge(sb, receiver.url);
    const event = await delivered(charge.id);
    expect(receiver.of(event.id)).toHaveLength(2);
  });

  it("max_delay_ms: attempts wait a random time up to the maximum", async () => {
    await sb.api("POST", "/sandbox/faults", { body: { max_delay_ms: 200 } });
    const { charge } = await paidCharge(sb, receiver.url);
    const paidAt = Date.now();
    const event = await delivered(charge.id);
    expect(receiver.of(event.id)[0]!.receivedAt - paidAt).toBeLessThan(1000);
  });

  it("bad_signature_rate: the receiver rejects the attempt, which then counts as failed", async () => {
    await sb.api("POST", "/sandbox/faults", { body: { bad_signature_rate: 1 } });
    const { charge } = await paidCharge(sb, receiver.url);
    const event = await waitFor(async () => {
      const [first] = await eventsOf(sb, charge.id);
      return first !== undefined && first.attempts.length >= 1 && first;
    });
    expect(event.attempts[0]).toMatchObject({ signature: "bad", status_code: 400, ok: false });
    expect(receiver.of(event.id)[0]).toMatchObject({ verified: false });
    await sb.api("POST", "/sandbox/faults", { body: { bad_signature_rate: 0 } });
    const done = await delivered(charge.id);
    expect(done.attempts.at(-1)).toMatchObject({ signature: "good", status_code: 200, ok: true });
    expect(receiver.of(event.id).at(-1)).toMatchObject({ verified: true });
  });

  it("unavailable_next_calls: the next N merchant API calls answer 503 unavailable", async () => {
    await sb.api("POST", "/sandbox/faults", { body: { unavailable_next_calls: 2 } });
    const first = await sb.api("GET", "/v1/charges?merchant_ref=x");
    expect(first.status).toBe(503);
    expect(first.error().code).toBe("unavailable");
    // Sandbox controls and the phone page are not the merchant API.
    expect((await sb.api("GET", "/sandbox/faults")).as(Faults).unavailable_next_calls).toBe(1);
    expect((await sb.api("GET", "/v1/statements?date=2020-01-01")).status).toBe(503);
    expect((await sb.api("GET", "/v1/charges?merchant_ref=x")).status).toBe(200);
  });
});
