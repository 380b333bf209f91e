import { expect, test, type APIRequestContext } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { RefundResponse } from "../../lib/orders/order-response";
import { answer, expectAnswer, getOrder, newOrder, problem, sandbox, send, type Call } from "./contract";

/**
 * The refund calls of API v1 against the production build and a real Sandbox
 * Pay: statuses, problem codes and idempotency, every answer validated
 * against the served openapi.json.
 */

const ORDER_REFUNDS = "/api/v1/orders/{orderId}/refunds";
const PAYMENT_REFUNDS = "/api/v1/payments/{paymentId}/refunds";

/** A key unique to this run, so that a rerun against a kept database cannot replay an old answer. */
const uniqueKey = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

/** An order paid at Sandbox Pay (`payments` times), once Till has recorded every payment. */
async function paidOrder(request: APIRequestContext, amount: number, payments = 1) {
  const { order, chargeId } = await newOrder(request, amount);
  for (let i = 0; i < payments; i++) {
    expect((await sandbox("POST", `/sandbox/charges/${chargeId}/pay`, i === 0 ? {} : { force: true })).status).toBe(201);
  }
  await expect.poll(async () => (await getOrder(request, order.id)).payments.length, { timeout: 10_000 }).toBe(payments);
  return getOrder(request, order.id);
}

const refundCall = (orderId: string, json: unknown, key: string | null = uniqueKey("refund"), apiKey?: string): Call => ({
  method: "POST",
  path: `/api/v1/orders/${orderId}/refunds`,
  template: ORDER_REFUNDS,
  json,
  key: apiKey,
  headers: key === null ? {} : { "idempotency-key": key },
});

test.describe("refunds: success and idempotency", () => {
  test("a partial refund is 201 pending; the same key and body answer the same refund again; it then succeeds on the order", async ({ request }) => {
    const order = await paidOrder(request, 5_000);
    const call = refundCall(order.id, { amount: 1_200, reason: "damaged item" });
    const first = await send(request, call);
    const refund = await expectAnswer(first, call, 201, RefundResponse);
    expect(refund).toMatchObject({ payment_id: order.payments[0]!.id, amount: 1_200, status: "pending", reason: "damaged item", approved_by: null });
    expect(refund.id).toMatch(/^ref_/);
    expect(refund.requested_by).toMatch(/^api_key:/);

    const again = await send(request, call);
    expect(await expectAnswer(again, call, 201, RefundResponse)).toEqual(refund);
    expect(again.headers()["idempotent-replayed"]).toBe("true");

    await expect.poll(async () => (await getOrder(request, order.id)).refunds.map((r: { status: string }) => r.status), { timeout: 10_000 }).toEqual(["succeeded"]);
    const after = await getOrder(request, order.id);
    expect(after).toMatchObject({ status: "paid", amount_received: 5_000, amount_refunded: 1_200, amount_refundable: 3_800 });
    expect(after.refunds[0]).toMatchObject({ id: refund.id, provider_refund_id: expect.stringMatching(/^re_/) });
  });

  test("refunding everything makes the order refunded", async ({ request }) => {
    const order = await paidOrder(request, 2_000);
    await answer(request, refundCall(order.id, { amount: 2_000, reason: "returned" }), 201, RefundResponse);
    await expect.poll(async () => (await getOrder(request, order.id)).status, { timeout: 10_000 }).toBe("refunded");
    expect(await getOrder(request, order.id)).toMatchObject({ amount_refunded: 2_000, amount_refundable: 0 });
  });

  test("the same Idempotency-Key with another body is 409 conflict, and no second refund is made", async ({ request }) => {
    const order = await paidOrder(request, 3_000);
    const key = uniqueKey("same");
    await answer(request, refundCall(order.id, { amount: 500, reason: "first" }, key), 201, RefundResponse);
    await problem(request, refundCall(order.id, { amount: 600, reason: "first" }, key), 409, "conflict");
    expect((await getOrder(request, order.id)).refunds).toHaveLength(1);
  });
});

test.describe("refunds: refusals", () => {
  test("no Idempotency-Key is 400 invalid_request", async ({ request }) => {
    const order = await paidOrder(request, 1_000);
    await problem(request, refundCall(order.id, { amount: 100, reason: "x" }, null), 400, "invalid_request");
  });

  test("more than is refundable is 422 amount_exceeds_refundable, with what is left", async ({ request }) => {
    const order = await paidOrder(request, 1_000);
    await answer(request, refundCall(order.id, { amount: 700, reason: "part" }), 201, RefundResponse);
    const body = await problem(request, refundCall(order.id, { amount: 301, reason: "too much" }), 422, "amount_exceeds_refundable");
    expect(body.amount_refundable).toBe(300);
  });

  test("an open order is 409 conflict (cancel first); an unknown order is 404", async ({ request }) => {
    const { order } = await newOrder(request, 900);
    await problem(request, refundCall(order.id, { amount: 100, reason: "x" }), 409, "conflict");
    await problem(request, refundCall("ord_00000000000000000000000000", { amount: 100, reason: "x" }), 404, "not_found");
  });

  for (const [label, json, path] of [
    ["amount 0", { amount: 0, reason: "x" }, "amount"],
    ["a fractional amount", { amount: 1.5, reason: "x" }, "amount"],
    ["no reason", { amount: 100 }, "reason"],
    ["an unknown field", { amount: 100, reason: "x", tip: 1 }, ""],
    ["a PIN that is not digits", { amount: 100, reason: "x", approver_pin: "abcd" }, "approver_pin"],
  ] as const) {
    test(`${label} is 422 invalid_request`, async ({ request }) => {
      const order = await paidOrder(request, 1_000);
      const body = await problem(request, refundCall(order.id, json), 422, "invalid_request");
      if (path) expect((body.errors ?? []).map((e) => e.path)).toContain(path);
    });
  }

  test("an order with several payments needs payment_id (422); with it, that payment is refunded", async ({ request }) => {
    const order = await paidOrder(request, 1_500, 2);
    const body = await problem(request, refundCall(order.id, { amount: 1_500, reason: "paid twice" }), 422, "invalid_request");
    expect(body.errors).toEqual([expect.objectContaining({ path: "payment_id" })]);
    const second = order.payments[1]!.id;
    const refund = await answer(request, refundCall(order.id, { amount: 1_500, reason: "paid twice", payment_id: second }), 201, RefundResponse);
    expect(refund.payment_id).toBe(second);
  });

  test("above the approval threshold a cashier needs an owner's PIN: none or a wrong one is 403 approval_required, the right one approves", async ({ request }) => {
    const order = await paidOrder(request, 30_000);
    await answer(request, refundCall(order.id, { amount: 15_000, reason: "part one" }), 201, RefundResponse);
    // 15000 + 6000 takes the order's refunded-or-pending total above 20000: splitting does not dodge approval.
    await problem(request, refundCall(order.id, { amount: 6_000, reason: "part two" }), 403, "approval_required");
    const wrong = await problem(request, refundCall(order.id, { amount: 6_000, reason: "part two", approver_pin: "0000" }), 403, "approval_required");
    expect(wrong.tries_left).toEqual(expect.any(Number));
    const approved = await answer(request, refundCall(order.id, { amount: 6_000, reason: "part two", approver_pin: E2E.ownerPin }), 201, RefundResponse);
    expect(approved.approved_by).toMatch(/^staff:stf_/);
    const byOwner = await answer(request, refundCall(order.id, { amount: 9_000, reason: "the rest" }, uniqueKey("owner"), E2E.ownerKey), 201, RefundResponse);
    expect(byOwner.approved_by).toMatch(/^api_key:/);
    await expect.poll(async () => (await getOrder(request, order.id)).status, { timeout: 10_000 }).toBe("refunded");
  });

  test("one Idempotency-Key: the retry that adds the owner's PIN after 403 approval_required refunds once; another amount is 409", async ({ request }) => {
    const order = await paidOrder(request, 30_000);
    const key = uniqueKey("pin");
    const refund = { amount: 25_000, reason: "returned" };
    await problem(request, refundCall(order.id, refund, key), 403, "approval_required");
    await problem(request, refundCall(order.id, { ...refund, approver_pin: "0000" }, key), 403, "approval_required");
    const made = await answer(request, refundCall(order.id, { ...refund, approver_pin: E2E.ownerPin }, key), 201, RefundResponse);
    expect(made.approved_by).toMatch(/^staff:stf_/);
    // The PIN is not part of the request: without it, the same key answers the same refund.
    const again = await send(request, refundCall(order.id, refund, key));
    expect(await expectAnswer(again, refundCall(order.id, refund, key), 201, RefundResponse)).toEqual(made);
    expect(again.headers()["idempotent-replayed"]).toBe("true");
    await problem(request, refundCall(order.id, { ...refund, amount: 24_000, approver_pin: E2E.ownerPin }, key), 409, "conflict");
    expect((await getOrder(request, order.id)).refunds).toHaveLength(1);
  });

  test("provider down: 503 provider_unavailable, nothing refunded, and the retry with the same key refunds", async ({ request }) => {
    const order = await paidOrder(request, 2_500);
    const call = refundCall(order.id, { amount: 2_500, reason: "down" });
    expect((await sandbox("POST", "/sandbox/faults", { unavailable_next_calls: 1000 })).status).toBe(200);
    try {
      await problem(request, call, 503, "provider_unavailable");
    } finally {
      expect((await sandbox("POST", "/sandbox/faults", { unavailable_next_calls: 0 })).status).toBe(200);
    }
    expect(await getOrder(request, order.id)).toMatchObject({ amount_refundable: 2_500, refunds: [{ status: "failed" }] });
    await answer(request, call, 201, RefundResponse);
    await expect.poll(async () => (await getOrder(request, order.id)).status, { timeout: 10_000 }).toBe("refunded");
  });

  test("GET on a refunds path is 405 with Allow", async ({ request }) => {
    const res = await send(request, { method: "GET", path: "/api/v1/orders/T1-000001/refunds" });
    expect(res.status()).toBe(405);
    expect(res.headers().allow).toBe("OPTIONS, POST");
  });
});

test.describe("refunds by payment (owner)", () => {
  test("an owner key refunds a payment by its id; a cashier key is 403 forbidden; an unknown payment is 404", async ({ request }) => {
    const order = await paidOrder(request, 1_800);
    const paymentId = order.payments[0]!.id;
    const call = (key: string) => ({ method: "POST", path: `/api/v1/payments/${paymentId}/refunds`, template: PAYMENT_REFUNDS, key, json: { amount: 800, reason: "owner" }, headers: { "idempotency-key": uniqueKey("pay") } });
    await problem(request, call(E2E.cashierKey), 403, "forbidden");
    const refund = await answer(request, call(E2E.ownerKey), 201, RefundResponse);
    expect(refund).toMatchObject({ payment_id: paymentId, amount: 800, approved_by: expect.stringMatching(/^api_key:/) });
    await problem(request, { ...call(E2E.ownerKey), path: "/api/v1/payments/pay_00000000000000000000000000/refunds" }, 404, "not_found");
  });
});
