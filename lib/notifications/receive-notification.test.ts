/**
 * The notification receiver under the delivery semantics of
 * provider-protocol.md: at least once (also concurrently), forged or stale
 * attempts, bad bodies, and events in any order. Real SQLite file, real
 * Sandbox Pay, real Standard Webhooks signatures, real HTTP receiver.
 */
import { createHash, randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JSON_BODY_LIMIT, readBodyText } from "@/lib/api/read-body";
import { AppError } from "@/lib/errors";
import { receiveNotification } from "./receive-notification";
import { REJECTED_PREFIX_CHARS, RejectedAttemptLimiter } from "./rejected-attempts";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import { paymentOf, Refund } from "@/sandbox/test-schemas";
import { eventually, startHarness, TEST_SANDBOX_KEY, TEST_WEBHOOK_SECRET, type Harness, type WirePayment } from "@/test/harness";
import { parseAs } from "@/test/parse";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

// ---------------------------------------------------------------- helpers

/** The payment.succeeded event the sandbox stored for a payment (delivered or dropped), as the bytes it sends. */
async function paymentEventBody(chargeId: string, paymentId: string): Promise<{ id: string; body: string }> {
  const event = (await h.eventsOf(chargeId)).find((e) => e.type === "payment.succeeded" && paymentOf(e).id === paymentId);
  if (!event) throw new Error(`no event for ${paymentId}`);
  return { id: event.id, body: JSON.stringify(event.payload) };
}

function signed(id: string, body: string, { at = new Date(), secret = TEST_WEBHOOK_SECRET }: { at?: Date; secret?: string } = {}): Record<string, string> {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body),
  };
}

async function postToReceiver(body: string, headers: Record<string, string>): Promise<{ status: number; json: Record<string, unknown> | null }> {
  const res = await fetch(`${h.receiverUrl}/api/webhooks/sandbox`, { method: "POST", headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, json };
}

const deliveryOf = (eventId: string) =>
  h.ctx.db.webhookDelivery.findUnique({ where: { accountId_eventId: { accountId: SANDBOX_ACCOUNT_ID, eventId } } });

const uid = (prefix: string) => `${prefix}_test_${randomBytes(8).toString("hex")}`;

// ------------------------------------------------ at least once, concurrently

describe("at-least-once delivery", () => {
  it("a duplicated delivery (3 signed attempts, 2 at once) records one payment, counts it once, and every attempt is answered 200", async () => {
    const { order, chargeId } = await h.newOrder(2350);
    const payment = await h.pay(chargeId, { delivery: "duplicate" });

    const event = await eventually(async () => {
      const [e] = await h.eventsOf(chargeId);
      return e && e.state === "delivered" && e.attempts.length === 3 ? e : null;
    });
    expect(event.attempts.map((a) => a.status_code)).toEqual([200, 200, 200]);

    const delivery = await deliveryOf(event.id);
    expect(delivery).toMatchObject({ outcome: "applied", verified: true, duplicateCount: 2, eventType: "payment.succeeded" });

    const payments = await h.ctx.db.payment.findMany({ where: { providerPaymentId: payment.id } });
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({ orderId: order.id, amount: 2350, source: "notification" });
    const after = await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(after).toMatchObject({ status: "paid", amountReceived: 2350 });
    expect(await h.ctx.db.auditEvent.count({ where: { action: "payment.recorded", entityId: payments[0]!.id } })).toBe(1);
    expect(await h.ctx.db.discrepancy.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("30 concurrent POSTs of the same signed event: one Payment, amount counted once, duplicateCount 29, all answered 200", async () => {
    const { order, chargeId } = await h.newOrder(1800);
    const payment = await h.pay(chargeId, { delivery: "drop" });
    const { id, body } = await paymentEventBody(chargeId, payment.id);

    const answers = await Promise.all(Array.from({ length: 30 }, () => postToReceiver(body, signed(id, body))));
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 30 }, () => 200));

    const payments = await h.ctx.db.payment.findMany({ where: { providerPaymentId: payment.id } });
    expect(payments).toHaveLength(1);
    expect(payments[0]!.source).toBe("notification");
    const after = await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } });
    expect(after).toMatchObject({ status: "paid", amountReceived: 1800 });
    expect(await deliveryOf(id)).toMatchObject({ outcome: "applied", duplicateCount: 29 });
    expect(await h.ctx.db.webhookDelivery.count({ where: { eventId: id } })).toBe(1);
    expect(await h.ctx.db.auditEvent.count({ where: { action: "payment.recorded", entityId: payments[0]!.id } })).toBe(1);
    expect(await h.ctx.db.discrepancy.count({ where: { orderId: order.id } })).toBe(0);
  });

  it("the same payment announced again under a new event id is stored as a second delivery but counted once", async () => {
    const { order, chargeId } = await h.newOrder(1250);
    const payment = await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    const { body } = await paymentEventBody(chargeId, payment.id);
    const reissuedId = uid("evt");
    const reissued = body.replace(/"id":"evt_[^"]+"/, `"id":"${reissuedId}"`);
    expect(reissued).not.toBe(body);

    expect((await postToReceiver(reissued, signed(reissuedId, reissued))).status).toBe(200);
    expect(await deliveryOf(reissuedId)).toMatchObject({ verified: true, duplicateCount: 0 });
    expect(await h.ctx.db.payment.count({ where: { providerPaymentId: payment.id } })).toBe(1);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid", amountReceived: 1250 });
    expect(await h.ctx.db.discrepancy.count({ where: { orderId: order.id } })).toBe(0);
  });
});

// ------------------------------------------------------------ authenticity

describe("forged, stale and unsigned attempts", () => {
  let chargeId: string;
  let orderId: string;
  let realId: string;
  let realBody: string;
  let paymentId: string;

  beforeAll(async () => {
    const created = await h.newOrder(2200);
    chargeId = created.chargeId;
    orderId = created.order.id;
    const payment = await h.pay(chargeId, { delivery: "drop" });
    paymentId = payment.id;
    ({ id: realId, body: realBody } = await paymentEventBody(chargeId, payment.id));
  });

  const otherSecret = () => `whsec_${randomBytes(24).toString("base64")}`;
  const forgeries: [string, () => { body: string; headers: Record<string, string> }][] = [
    [
      "a forged signature (body tampered after signing)",
      () => {
        const tampered = realBody.replace('"amount":2200', '"amount":1');
        return { body: tampered, headers: signed(realId, realBody) };
      },
    ],
    ["a signature made with the wrong secret", () => ({ body: realBody, headers: signed(realId, realBody, { secret: otherSecret() }) })],
    [
      "a missing webhook-signature header",
      () => {
        const { "webhook-signature": _sig, ...headers } = signed(realId, realBody);
        return { body: realBody, headers };
      },
    ],
    [
      "a missing webhook-timestamp header",
      () => {
        const { "webhook-timestamp": _ts, ...headers } = signed(realId, realBody);
        return { body: realBody, headers };
      },
    ],
    [
      "a missing webhook-id header",
      () => {
        const { "webhook-id": _id, ...headers } = signed(realId, realBody);
        return { body: realBody, headers };
      },
    ],
    ["a stale timestamp (301 s old, correctly signed)", () => ({ body: realBody, headers: signed(realId, realBody, { at: new Date(Date.now() - 301_000) }) })],
    ["a timestamp 301 s in the future (correctly signed)", () => ({ body: realBody, headers: signed(realId, realBody, { at: new Date(Date.now() + 301_000) }) })],
  ];

  it.each(forgeries)("%s is answered 401 and logged as rejected without taking the event id", async (_name, make) => {
    const before = await h.ctx.db.webhookDelivery.count({ where: { outcome: "rejected" } });
    const { body, headers } = make();
    const answer = await postToReceiver(body, headers);
    expect(answer.status).toBe(401);
    expect(answer.json).toMatchObject({ status: 401, code: "unauthorized" });

    const rejected = await h.ctx.db.webhookDelivery.findMany({ where: { outcome: "rejected" }, orderBy: { id: "asc" } });
    expect(rejected).toHaveLength(before + 1);
    const row = rejected.at(-1)!;
    expect(row).toMatchObject({ eventId: null, accountId: null, verified: false, outcome: "rejected", rawBody: body.slice(0, REJECTED_PREFIX_CHARS), bodyBytes: Buffer.byteLength(body) });
    expect(row.bodySha256).toBe(createHash("sha256").update(body).digest("hex"));
    expect(row.rejectReason).toBeTruthy();
    // Nothing was applied.
    expect(await deliveryOf(realId)).toBeNull();
    expect(await h.ctx.db.payment.count({ where: { providerPaymentId: paymentId } })).toBe(0);
  });

  it("a signature list during a secret rotation (an unknown old signature, then the current one) is accepted", async () => {
    const { chargeId: otherCharge } = await h.newOrder(500);
    const p = await h.pay(otherCharge, { delivery: "drop" });
    const { id, body } = await paymentEventBody(otherCharge, p.id);
    const at = new Date();
    const headers = signed(id, body, { at });
    headers["webhook-signature"] = `${new Webhook(otherSecret()).sign(id, at, body)} ${headers["webhook-signature"]}`;
    expect((await postToReceiver(body, headers)).status).toBe(200);
    expect(await deliveryOf(id)).toMatchObject({ outcome: "applied" });
  });

  it("after every forgery carrying its id, the real event is still accepted and applied (a forgery cannot pre-empt it)", async () => {
    for (const [, make] of forgeries) {
      const { body, headers } = make();
      expect((await postToReceiver(body, headers)).status).toBe(401);
    }
    const answer = await postToReceiver(realBody, signed(realId, realBody));
    expect(answer.status).toBe(200);
    expect(await deliveryOf(realId)).toMatchObject({ outcome: "applied", verified: true, duplicateCount: 0 });
    const payment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: paymentId } });
    expect(payment).toMatchObject({ orderId, amount: 2200, source: "notification" });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "paid", amountReceived: 2200 });
  });
});

// ------------------------------------------------------------------ bodies

describe("body cap (readBodyText, used by the webhook route)", () => {
  const url = "http://till.test/api/webhooks/sandbox";
  const expectTooLarge = async (request: Request) => {
    const error = await readBodyText(request).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "payload_too_large", status: 413 });
  };
  const streamOf = (bytes: number, chunk = 8192) => {
    let left = bytes;
    return new ReadableStream<Uint8Array>({
      pull(controller) {
        if (left <= 0) return controller.close();
        const n = Math.min(chunk, left);
        left -= n;
        controller.enqueue(new Uint8Array(n).fill(0x61));
      },
    });
  };

  it("a body above 64 KiB is payload_too_large (413), whether announced by Content-Length or streamed without one", async () => {
    expect(JSON_BODY_LIMIT).toBe(64 * 1024);
    await expectTooLarge(new Request(url, { method: "POST", body: "a".repeat(JSON_BODY_LIMIT + 1) }));
    await expectTooLarge(new Request(url, { method: "POST", headers: { "content-length": String(10 * 1024 * 1024) }, body: "{}" }));
    await expectTooLarge(new Request(url, { method: "POST", body: streamOf(JSON_BODY_LIMIT + 1), duplex: "half" } as RequestInit));
    // Multi-byte characters count as bytes, not characters: 21,846 × 3 bytes > 64 KiB.
    await expectTooLarge(new Request(url, { method: "POST", body: "€".repeat(21_846) }));
  });

  it("a body of exactly 64 KiB is read whole", async () => {
    const text = await readBodyText(new Request(url, { method: "POST", body: streamOf(JSON_BODY_LIMIT), duplex: "half" } as RequestInit));
    expect(text).toHaveLength(JSON_BODY_LIMIT);
  });
});

describe("signed bodies Till cannot apply", () => {
  it("an unknown event type, correctly signed, is stored as ignored and answered 200", async () => {
    const id = uid("evt");
    const body = JSON.stringify({ id, type: "charge.disputed", created_at: new Date().toISOString(), data: { anything: true } });
    const answer = await postToReceiver(body, signed(id, body));
    expect(answer.status).toBe(200);
    expect(await deliveryOf(id)).toMatchObject({ outcome: "ignored", verified: true, eventType: "charge.disputed", rawBody: body });
    // A repeat is a duplicate no-op, still 200.
    expect((await postToReceiver(body, signed(id, body))).status).toBe(200);
    expect(await deliveryOf(id)).toMatchObject({ outcome: "ignored", duplicateCount: 1 });
  });

  it("a known type with an unreadable shape, correctly signed, is stored as ignored and answered 200, never 5xx", async () => {
    const id = uid("evt");
    const body = JSON.stringify({ id, type: "payment.succeeded", data: { payment: { id: "pay_x", amount: "lots" } } });
    const answer = await postToReceiver(body, signed(id, body));
    expect(answer.status).toBe(200);
    expect(await deliveryOf(id)).toMatchObject({ outcome: "ignored", verified: true });
    expect(await h.ctx.db.payment.count({ where: { providerPaymentId: "pay_x" } })).toBe(0);
  });

  // A correctly signed body that is not JSON is authentic: store it and acknowledge, or the provider retries for 24 h.
  it("signed garbage that is not JSON is stored (under its webhook-id) and answered 200, never 401 or 5xx", async () => {
    const id = uid("evt");
    const body = "this is {not json";
    const answer = await postToReceiver(body, signed(id, body));
    expect(answer.status).toBe(200);
    expect(await deliveryOf(id)).toMatchObject({ outcome: "ignored", verified: true, eventType: "unparseable", rawBody: body });
  });
});

// ------------------------------------------------------------ any order

describe("events in any order", () => {
  /** A refund.succeeded event built by hand in the protocol's shape. */
  function refundEvent(payment: WirePayment, amount: number) {
    const id = uid("evt");
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
    const refund = {
      id: uid("re"),
      payment_id: payment.id,
      merchant_refund_ref: uid("rf_portal"),
      amount,
      currency: payment.currency,
      status: "succeeded",
      failure_reason: null,
      reason: "refunded in the provider's portal",
      created_at: now,
      settled_at: now,
    };
    const body = JSON.stringify({
      id,
      type: "refund.succeeded",
      created_at: now,
      data: { refund, payment_id: payment.id, charge_id: payment.charge_id, merchant_ref: payment.merchant_ref },
    });
    return { id, body, refund };
  }

  it("a refund.succeeded arriving before its payment is deferred (200), then applied when the payment arrives: order refunded", async () => {
    const { order, chargeId } = await h.newOrder(2000);
    const payment = await h.pay(chargeId, { delivery: "drop" });
    const refund = refundEvent(payment, 2000);

    const early = await postToReceiver(refund.body, signed(refund.id, refund.body));
    expect(early.status).toBe(200);
    expect(await deliveryOf(refund.id)).toMatchObject({ outcome: "deferred", eventType: "refund.succeeded", paymentRef: payment.id, appliedAt: null });
    expect(await h.ctx.db.refund.count({ where: { providerRefundId: refund.refund.id } })).toBe(0);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "open", amountRefunded: 0 });

    const { id, body } = await paymentEventBody(chargeId, payment.id);
    expect((await postToReceiver(body, signed(id, body))).status).toBe(200);

    const stored = await h.ctx.db.refund.findFirstOrThrow({ where: { providerRefundId: refund.refund.id } });
    const tillPayment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: payment.id } });
    expect(stored).toMatchObject({ status: "succeeded", amount: 2000, paymentId: tillPayment.id, orderId: order.id, origin: "provider" });
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "refunded", amountReceived: 2000, amountRefunded: 2000 });
    const applied = await deliveryOf(refund.id);
    expect(applied).toMatchObject({ outcome: "applied" });
    expect(applied!.appliedAt).not.toBeNull();

    // A repeat of the (now applied) refund event changes nothing.
    expect((await postToReceiver(refund.body, signed(refund.id, refund.body))).status).toBe(200);
    expect(await h.ctx.db.refund.count({ where: { orderId: order.id } })).toBe(1);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ amountRefunded: 2000 });
  });

  it("a partial refund deferred before its payment leaves the order paid with amountRefunded set", async () => {
    const { order, chargeId } = await h.newOrder(2000);
    const payment = await h.pay(chargeId, { delivery: "drop" });
    const refund = refundEvent(payment, 500);
    expect((await postToReceiver(refund.body, signed(refund.id, refund.body))).status).toBe(200);
    expect(await deliveryOf(refund.id)).toMatchObject({ outcome: "deferred" });

    const { id, body } = await paymentEventBody(chargeId, payment.id);
    expect((await postToReceiver(body, signed(id, body))).status).toBe(200);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid", amountReceived: 2000, amountRefunded: 500 });
    expect(await deliveryOf(refund.id)).toMatchObject({ outcome: "applied" });
  });

  it("a refund Till never asked for (made at the provider) is recorded with origin provider and flagged refund_mismatch", async () => {
    const { order, chargeId } = await h.newOrder(3200);
    const payment = await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid" });

    // A refund made directly at Sandbox Pay (its merchant API, as a portal would), not through Till.
    const key = uid("portal");
    const res = await fetch(new URL("/v1/refunds", h.sandbox.url), {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SANDBOX_KEY}`, "content-type": "application/json", "idempotency-key": key },
      body: JSON.stringify({ payment_id: payment.id, amount: 700, reason: "portal" }),
    });
    expect(res.status).toBe(201);
    const providerRefund = parseAs(Refund, await res.json(), "the refund Sandbox Pay created");

    const events = await h.delivered(chargeId, 2);
    expect(events.map((e) => e.type)).toEqual(["payment.succeeded", "refund.succeeded"]);
    const refund = await h.ctx.db.refund.findFirstOrThrow({ where: { providerRefundId: providerRefund.id } });
    expect(refund.status).toBe("succeeded");
    const tillPayment = await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId: payment.id } });
    expect(refund).toMatchObject({ origin: "provider", amount: 700, refundKey: key, orderId: order.id, paymentId: tillPayment.id });

    const discrepancies = await h.ctx.db.discrepancy.findMany({ where: { refundId: refund.id } });
    expect(discrepancies).toHaveLength(1);
    expect(discrepancies[0]).toMatchObject({ type: "refund_mismatch", status: "open", orderId: order.id, paymentId: tillPayment.id, actualAmount: 700 });
    expect(await h.ctx.db.auditEvent.count({ where: { action: "discrepancy.opened", entityId: discrepancies[0]!.id } })).toBe(1);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid", amountRefunded: 700 });
  });

  it("a refund made at the provider that failed is recorded, but moved no money and opens nothing", async () => {
    const { order, chargeId } = await h.newOrder(2100);
    const payment = await h.pay(chargeId);
    await h.delivered(chargeId, 1);
    await h.sandboxApi("POST", "/sandbox/faults", { fail_next_refunds: 1 });
    const res = await fetch(new URL("/v1/refunds", h.sandbox.url), {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SANDBOX_KEY}`, "content-type": "application/json", "idempotency-key": uid("portal") },
      body: JSON.stringify({ payment_id: payment.id, amount: 400, reason: "portal" }),
    });
    expect(res.status).toBe(201);
    const providerRefund = parseAs(Refund, await res.json(), "the refund Sandbox Pay created");
    const events = await h.delivered(chargeId, 2);
    expect(events.map((e) => e.type)).toEqual(["payment.succeeded", "refund.failed"]);
    const refund = await h.ctx.db.refund.findFirstOrThrow({ where: { providerRefundId: providerRefund.id } });
    expect(refund).toMatchObject({ origin: "provider", status: "failed", amount: 400 });
    expect(await h.ctx.db.discrepancy.count({ where: { refundId: refund.id } })).toBe(0);
    expect(await h.ctx.db.order.findUniqueOrThrow({ where: { id: order.id } })).toMatchObject({ status: "paid", amountRefunded: 0 });
  });
});

describe("rejected attempts are bounded", () => {
  it("a client over the limit is answered 429 with Retry-After and nothing is stored; other clients are still heard; a real event is never limited", async () => {
    const limiter = new RejectedAttemptLimiter({ perClient: 3, overall: 100, windowMs: 60_000 });
    const forged = (client: string) => {
      const body = JSON.stringify({ id: uid("evt"), type: "payment.succeeded", data: {} });
      const headers = new Headers(signed(uid("evt"), body, { secret: `whsec_${randomBytes(24).toString("base64")}` }));
      return receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers, client, limiter });
    };
    const before = await h.ctx.db.webhookDelivery.count({ where: { outcome: "rejected" } });
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await forged("203.0.113.7"));
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 429, 429]);
    expect(Number(answers[4]!.headers?.["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(answers[4]!.body)).toMatchObject({ code: "rate_limited", status: 429 });
    expect(await h.ctx.db.webhookDelivery.count({ where: { outcome: "rejected" } })).toBe(before + 3);
    expect((await forged("198.51.100.2")).status).toBe(401);

    const { chargeId } = await h.newOrder(650);
    const p = await h.pay(chargeId, { delivery: "drop" });
    const { id, body } = await paymentEventBody(chargeId, p.id);
    const real = await receiveNotification(h.ctx, { kind: "sandbox", rawBody: body, headers: new Headers(signed(id, body)), client: "203.0.113.7", limiter });
    expect(real.status).toBe(200);
  });

  it("a rejected attempt keeps a bounded record: hash, size and a short prefix of a 64 KiB body", async () => {
    const body = `{"id":"evt_big","pad":"${"x".repeat(60_000)}"}`;
    const answer = await postToReceiver(body, signed("evt_big", body, { secret: `whsec_${randomBytes(24).toString("base64")}` }));
    expect(answer.status).toBe(401);
    const row = await h.ctx.db.webhookDelivery.findFirstOrThrow({ where: { outcome: "rejected", bodyBytes: Buffer.byteLength(body) } });
    expect(row.rawBody).toHaveLength(REJECTED_PREFIX_CHARS);
    expect(row.bodySha256).toBe(createHash("sha256").update(body).digest("hex"));
  });
});
