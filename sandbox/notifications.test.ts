import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { firstOf, parseJsonAs } from "../test/parse";
import { eventsOf, paidCharge, Receiver, startTestSandbox, tempDbPath, waitFor, type TestSandbox } from "./test-support";
import { Notification, paymentOf } from "./test-schemas";

const receivers: Receiver[] = [];
const dbs: { cleanup(): void }[] = [];
const sandboxes: TestSandbox[] = [];

async function setup(options: { retryScale: number }) {
  const receiver = await new Receiver().start();
  const db = tempDbPath();
  const sb = await startTestSandbox({ dbPath: db.dbPath, ...options });
  receivers.push(receiver);
  dbs.push(db);
  sandboxes.push(sb);
  return { receiver, sb, db };
}

afterAll(async () => {
  for (const sb of sandboxes) await sb.close();
  for (const r of receivers) await r.close();
  for (const d of dbs) d.cleanup();
});

describe("payment.succeeded", () => {
  let receiver: Receiver;
  let sb: TestSandbox;
  beforeAll(async () => ({ receiver, sb } = await setup({ retryScale: 0.001 })));

  it("is POSTed to notify_url, signed with Standard Webhooks, body exactly per protocol", async () => {
    const { charge, payment } = await paidCharge(sb, receiver.url);
    const event = await waitFor(async () => {
      const [first] = await eventsOf(sb, charge.id);
      return first?.state === "delivered" && first;
    });
    const [delivery] = receiver.of(event.id);
    expect(delivery).toMatchObject({ verified: true, status: 200 });
    expect(Math.abs(delivery!.timestamp * 1000 - Date.now())).toBeLessThan(60_000);
    expect(delivery!.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    const { created_at: createdAt, ...body } = parseJsonAs(Notification, delivery!.body, "the delivered notification");
    expect(createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(body).toEqual({
      id: event.id,
      type: "payment.succeeded",
      data: {
        payment,
        charge: { id: charge.id, merchant_ref: charge.merchant_ref, amount: 2350, currency: "CNY", status: "succeeded" },
      },
    });
    expect(event.id).toMatch(/^evt_/);
    expect(event.attempts).toHaveLength(1);
    expect(event.attempts[0]).toMatchObject({ status_code: 200, error: null, signature: "good", ok: true });
  });

  it("every payment gets its own event, also on a charge paid twice", async () => {
    const { charge } = await paidCharge(sb, receiver.url);
    await sb.api("POST", `/sandbox/charges/${charge.id}/pay`, { body: { force: true } });
    const events = await waitFor(async () => {
      const list = await eventsOf(sb, charge.id);
      return list.length === 2 && list.every((e) => e.state === "delivered") && list;
    });
    expect(events.map((e) => paymentOf(e).id)).toHaveLength(2);
  });
});

describe("retries", () => {
  it("retries a receiver answering 500: same webhook-id, a fresh timestamp and signature", async () => {
    // Scale 0.2 puts the second attempt 1 s after the first: a new Unix second.
    const { receiver, sb } = await setup({ retryScale: 0.2 });
    let calls = 0;
    receiver.respond = () => (++calls === 1 ? 500 : 200);
    const { charge } = await paidCharge(sb, receiver.url);
    const event = await waitFor(async () => (await eventsOf(sb, charge.id)).find((e) => e.state === "delivered"), 15_000);
    const deliveries = receiver.of(event.id);
    expect(deliveries.map((d) => d.status)).toEqual([500, 200]);
    expect(deliveries.every((d) => d.verified)).toBe(true);
    expect(deliveries[1]!.timestamp).toBeGreaterThan(deliveries[0]!.timestamp);
    expect(deliveries[1]!.signature).not.toBe(deliveries[0]!.signature);
    expect(deliveries[1]!.body).toBe(deliveries[0]!.body);
    expect(deliveries[1]!.receivedAt - deliveries[0]!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(event.attempts.map((a) => a.status_code)).toEqual([500, 200]);
  });

  it("keeps retrying across a restart and delivers with the new process", async () => {
    const receiver = await new Receiver().start();
    receivers.push(receiver);
    const db = tempDbPath();
    dbs.push(db);
    const first = await startTestSandbox({ dbPath: db.dbPath, retryScale: 0.02 });
    receiver.respond = () => 500;
    const { charge } = await paidCharge(first, receiver.url);
    // Two failed attempts (0 s and 100 ms); the next is due 700 ms after the first.
    const event = await waitFor(async () => {
      const [oldest] = await eventsOf(first, charge.id);
      return oldest?.attempts.length === 2 && oldest;
    });
    await first.close();
    receiver.respond = () => 200;
    const second = await startTestSandbox({ dbPath: db.dbPath, retryScale: 0.02 });
    sandboxes.push(second);
    const done = await waitFor(async () => (await eventsOf(second, charge.id)).find((e) => e.state === "delivered"));
    expect(done.id).toBe(event.id);
    expect(done.attempts.map((a) => a.status_code)).toEqual([500, 500, 200]);
    expect(receiver.of(event.id).map((d) => d.status)).toEqual([500, 500, 200]);
  });

  it("marks the event failed 24 h (scaled) after the first attempt", async () => {
    // 24 h × 0.00001 = 864 ms; the receiver is a closed port.
    const { sb } = await setup({ retryScale: 0.00001 });
    const { charge } = await paidCharge(sb, "http://127.0.0.1:9/closed");
    const event = await waitFor(async () => (await eventsOf(sb, charge.id)).find((e) => e.state === "failed"), 10_000);
    const times = event.attempts.map((a) => Date.parse(a.at));
    expect(event.attempts.length).toBeGreaterThanOrEqual(5);
    expect(event.attempts.every((a) => !a.ok && a.error)).toBe(true);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(864 - 5);
    expect(event.failed_at).not.toBeNull();
    expect(Date.parse(event.failed_at!) - times[0]!).toBeGreaterThanOrEqual(864 - 5);
    // Nothing more happens after failing.
    const count = event.attempts.length;
    await new Promise((r) => setTimeout(r, 100));
    expect(firstOf(await eventsOf(sb, charge.id), "the charge's events").attempts).toHaveLength(count);
  });
});
