import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventsOf, paidCharge, Receiver, startTestSandbox, tempDbPath, uniqueRef, waitFor, type TestSandbox } from "./test-support";
import { parseJsonAs } from "../test/parse";
import { Notification, Refund, RefundList } from "./test-schemas";

let sb: TestSandbox;
// Refunds here stay pending for a second, so /fail never races the settle timer.
let slow: TestSandbox;
let receiver: Receiver;
const db = tempDbPath();
const slowDb = tempDbPath();
const SLOW_SETTLE_MS = 1000;

beforeAll(async () => {
  receiver = await new Receiver().start();
  sb = await startTestSandbox({ dbPath: db.dbPath });
  slow = await startTestSandbox({ dbPath: slowDb.dbPath, refundSettleMs: SLOW_SETTLE_MS });
});
afterAll(async () => {
  await sb.close();
  await slow.close();
  await receiver.close();
  db.cleanup();
  slowDb.cleanup();
});

const refundOn = (target: TestSandbox) => (body: unknown, key: string | null = uniqueRef("rf")) =>
  target.api("POST", "/v1/refunds", { body, headers: key === null ? {} : { "idempotency-key": key } });
const refund = (body: unknown, key?: string | null) => refundOn(sb)(body, key);

const settled = (id: string) =>
  waitFor(async () => {
    const r = (await sb.api("GET", `/v1/refunds/${id}`)).as(Refund);
    return r.status !== "pending" && r;
  });

describe("POST /v1/refunds", () => {
  it("creates a pending refund whose merchant_refund_ref is the Idempotency-Key", async () => {
    const { payment } = await paidCharge(sb, receiver.url);
    const key = uniqueRef("rf");
    const r = await refund({ payment_id: payment.id, amount: 500, reason: "damaged item" }, key);
    expect(r.status).toBe(201);
    const created = r.as(Refund);
    expect(created).toMatchObject({
      payment_id: payment.id,
      merchant_refund_ref: key,
      amount: 500,
      currency: "CNY",
      status: "pending",
      failure_reason: null,
      reason: "damaged item",
      settled_at: null,
    });
    expect(created.id).toMatch(/^re_/);
  });

  it("same key again: 200 and the same refund; different body: 409 idempotency_conflict", async () => {
    const { payment } = await paidCharge(sb, receiver.url);
    const key = uniqueRef("rf");
    const first = await refund({ payment_id: payment.id, amount: 500 }, key);
    const again = await refund({ payment_id: payment.id, amount: 500 }, key);
    expect(again.status).toBe(200);
    expect(again.as(Refund).id).toBe(first.as(Refund).id);
    for (const body of [{ payment_id: payment.id, amount: 501 }, { payment_id: payment.id, amount: 500, reason: "x" }]) {
      const conflict = await refund(body, key);
      expect(conflict.status).toBe(409);
      expect(conflict.error().code).toBe("idempotency_conflict");
    }
  });

  it("10 concurrent requests with one key make exactly one refund", async () => {
    const { payment } = await paidCharge(sb, receiver.url);
    const key = uniqueRef("rf");
    const replies = await Promise.all(Array.from({ length: 10 }, () => refund({ payment_id: payment.id, amount: 2000 }, key)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.as(Refund).id)).size).toBe(1);
    const list = await sb.api("GET", `/v1/refunds?merchant_refund_ref=${key}`);
    expect(list.as(RefundList).data).toHaveLength(1);
  });

  it("checks the refundable amount across partial, pending and failed refunds", async () => {
    const refund = refundOn(slow);
    const { payment } = await paidCharge(slow, receiver.url);
    expect((await refund({ payment_id: payment.id, amount: 1000 })).status).toBe(201);
    const pending = await refund({ payment_id: payment.id, amount: 1000 });
    const tooMuch = await refund({ payment_id: payment.id, amount: 351 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.error().code).toBe("amount_exceeds_refundable");
    expect(tooMuch.error().message).toContain("350");
    // A failed refund gives its amount back.
    await slow.api("POST", `/sandbox/refunds/${pending.as(Refund).id}/fail`, { body: { reason: "bank said no" } });
    expect((await refund({ payment_id: payment.id, amount: 1350 })).status).toBe(201);
    expect((await refund({ payment_id: payment.id, amount: 1 })).error().code).toBe("amount_exceeds_refundable");
  });

  it("missing or bad Idempotency-Key: 400; bad body: 422; unknown payment: 404", async () => {
    const { payment } = await paidCharge(sb, receiver.url);
    const missing = await refund({ payment_id: payment.id, amount: 1 }, null);
    expect(missing.status).toBe(400);
    expect(missing.error().code).toBe("invalid_request");
    expect((await refund({ payment_id: payment.id, amount: 1 }, "k".repeat(65))).status).toBe(400);
    for (const body of [{ payment_id: payment.id, amount: 0 }, { payment_id: payment.id, amount: 1.5 }, { payment_id: payment.id }, { amount: 5 }]) {
      expect((await refund(body)).status).toBe(422);
    }
    const unknown = await refund({ payment_id: "pay_nope", amount: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.error().code).toBe("not_found");
  });
});

describe("settlement", () => {
  it("settles after refundSettleMs and announces refund.succeeded", async () => {
    const { charge, payment } = await paidCharge(sb, receiver.url);
    const created = await refund({ payment_id: payment.id, amount: 500 });
    const done = await settled(created.as(Refund).id);
    expect(done).toMatchObject({ status: "succeeded", failure_reason: null });
    expect(done.settled_at).not.toBeNull();
    const event = await waitFor(async () =>
      (await eventsOf(sb, charge.id)).find((e) => e.type === "refund.succeeded" && e.state === "delivered"),
    );
    const delivered = receiver.of(event.id).find((d) => d.verified)!;
    // The schema holds created_at to an RFC 3339 instant; the rest is compared whole.
    const { created_at: _createdAt, ...body } = parseJsonAs(Notification, delivered.body, "the delivered notification");
    expect(body).toEqual({
      id: event.id,
      type: "refund.succeeded",
      data: { refund: done, payment_id: payment.id, charge_id: charge.id, merchant_ref: charge.merchant_ref },
    });
  });

  it("/sandbox/refunds/{id}/fail fails a pending refund (refund.failed event), then 409", async () => {
    const { charge, payment } = await paidCharge(slow, receiver.url);
    const created = (await refundOn(slow)({ payment_id: payment.id, amount: 500 })).as(Refund);
    const failed = await slow.api("POST", `/sandbox/refunds/${created.id}/fail`, { body: { reason: "card closed" } });
    expect(failed).toMatchObject({ status: 200, json: { status: "failed", failure_reason: "card closed" } });
    expect(failed.as(Refund).settled_at).not.toBeNull();
    const again = await slow.api("POST", `/sandbox/refunds/${created.id}/fail`, { body: { reason: "x" } });
    expect(again).toMatchObject({ status: 409, json: { error: { code: "refund_not_pending" } } });
    expect((await slow.api("POST", "/sandbox/refunds/re_nope/fail", { body: {} })).status).toBe(404);
    // The settle timer, when it fires, must not overturn the failure.
    await new Promise((r) => setTimeout(r, SLOW_SETTLE_MS + 100));
    expect((await slow.api("GET", `/v1/refunds/${created.id}`)).as(Refund).status).toBe("failed");
    const events = await eventsOf(slow, charge.id);
    expect(events.filter((e) => e.type.startsWith("refund.")).map((e) => e.type)).toEqual(["refund.failed"]);
  });

  it("fail_next_refunds: N makes the next N refunds fail when they settle", async () => {
    const { charge, payment } = await paidCharge(sb, receiver.url);
    await sb.api("POST", "/sandbox/faults", { body: { fail_next_refunds: 1 } });
    const doomed = (await refund({ payment_id: payment.id, amount: 100 })).as(Refund);
    const fine = (await refund({ payment_id: payment.id, amount: 100 })).as(Refund);
    expect((await settled(doomed.id)).status).toBe("failed");
    expect((await settled(doomed.id)).failure_reason).toMatch(/fail_next_refunds/);
    expect((await settled(fine.id)).status).toBe("succeeded");
    const types = (await eventsOf(sb, charge.id)).map((e) => e.type).sort();
    expect(types).toEqual(["payment.succeeded", "refund.failed", "refund.succeeded"]);
  });
});

describe("reading refunds", () => {
  it("GET by id and by merchant_refund_ref; 404 and empty list for unknown ones", async () => {
    const { payment } = await paidCharge(sb, receiver.url);
    const key = uniqueRef("rf");
    const created = (await refund({ payment_id: payment.id, amount: 100 }, key)).as(Refund);
    expect((await sb.api("GET", `/v1/refunds/${created.id}`)).as(Refund).id).toBe(created.id);
    expect((await sb.api("GET", `/v1/refunds?merchant_refund_ref=${key}`)).as(RefundList).data[0]?.id).toBe(created.id);
    expect((await sb.api("GET", "/v1/refunds/re_nope")).status).toBe(404);
    expect((await sb.api("GET", "/v1/refunds?merchant_refund_ref=nope")).json).toEqual({ data: [] });
    expect((await sb.api("GET", "/v1/refunds")).status).toBe(422);
  });
});

describe("durability", () => {
  it("a refund left pending by a stopped sandbox settles after a restart", async () => {
    const own = tempDbPath();
    const first = await startTestSandbox({ dbPath: own.dbPath, refundSettleMs: 300 });
    const { payment } = await paidCharge(first, receiver.url);
    const created = (
      await first.api("POST", "/v1/refunds", {
        body: { payment_id: payment.id, amount: 100 },
        headers: { "idempotency-key": uniqueRef("rf") },
      })
    ).as(Refund);
    await first.close();
    const second = await startTestSandbox({ dbPath: own.dbPath, refundSettleMs: 300 });
    try {
      const done = await waitFor(async () => {
        const r = (await second.api("GET", `/v1/refunds/${created.id}`)).as(Refund);
        return r.status === "succeeded" && r;
      });
      expect(done.id).toBe(created.id);
    } finally {
      await second.close();
      own.cleanup();
    }
  });
});
