import { expect, test } from "@playwright/test";
import { z } from "zod";
import { ProblemSchema } from "../../lib/api/problem-schema";
import { CheckResultResponse, OrderConflictProblem, OrderPageResponse, OrderResponse } from "../../lib/orders/order-response";
import { DiscrepancyPageResponse } from "../../lib/reconciliation/discrepancy-response";
import { E2E } from "../../playwright.config";
import { OpenApiDocumentSchema } from "../../test/openapi-contract";
import { firstOf } from "../../test/parse";
import { answer, expectAnswer, getOrder, newOrder, problem, sandbox, send } from "./contract";

const ORDERS = { method: "POST", path: "/api/v1/orders" };
const ORDER = "/api/v1/orders/{orderId}";
const CANCEL = "/api/v1/orders/{orderId}/cancel";
const CHECK = "/api/v1/orders/{orderId}/check";

/** A key unique to this run, so that a rerun against a kept database cannot replay an old answer. */
const uniqueKey = (label: string) => `${label}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

test.describe("orders: success answers match the document", () => {
  test("create: 201 with an open order, its QR and no payments", async ({ request }) => {
    const order = await answer(request, { ...ORDERS, json: { items: [{ name: "Latte", unit_amount: 1175, quantity: 2 }], note: "for here", expires_in: 120 } }, 201, OrderResponse);
    expect(order).toMatchObject({ status: "open", amount: 2350, currency: "CNY", amount_received: 0, payments: [], refunds: [], note: "for here" });
    expect(order.qr_content).toEqual(expect.any(String));
  });

  test("get: an order by id and by its reference", async ({ request }) => {
    const { order } = await newOrder(request, 1200);
    expect((await getOrder(request, order.id)).id).toBe(order.id);
    const byReference = await answer(request, { method: "GET", path: `/api/v1/orders/${order.reference}`, template: ORDER }, 200, OrderResponse);
    expect(byReference.id).toBe(order.id);
  });

  test("list: a page of orders, newest first, with a cursor to the next page", async ({ request }) => {
    await newOrder(request, 301);
    const { order: newest } = await newOrder(request, 302);
    const page = await answer(request, { method: "GET", path: "/api/v1/orders?limit=1" , template: "/api/v1/orders" }, 200, OrderPageResponse);
    expect(page.data.map((o) => o.id)).toEqual([newest.id]);
    expect(page.next_cursor).toEqual(expect.any(String));
    const next = await answer(request, { method: "GET", path: `/api/v1/orders?limit=1&cursor=${encodeURIComponent(String(page.next_cursor))}`, template: "/api/v1/orders" }, 200, OrderPageResponse);
    expect(next.data).toHaveLength(1);
    expect(firstOf(next.data).id < newest.id).toBe(true);
  });

  test("qr.svg: the order's QR as an SVG image", async ({ request }) => {
    const { order } = await newOrder(request, 800);
    const svg = await answer(request, { method: "GET", path: `/api/v1/orders/${order.id}/qr.svg`, template: "/api/v1/orders/{orderId}/qr.svg" }, 200, z.string());
    expect(svg).toContain("<svg");
  });

  test("check: an unpaid order answers the provider's pending status and the order unchanged", async ({ request }) => {
    const { order } = await newOrder(request, 900);
    const result = await answer(request, { method: "POST", path: `/api/v1/orders/${order.id}/check`, template: CHECK }, 200);
    expect(result).toMatchObject({ provider_status: "pending", order: { id: order.id, status: "open", amount_received: 0 } });
  });

  test("check: a payment whose notification was dropped is found and recorded with source query", async ({ request }) => {
    const { order, chargeId } = await newOrder(request, 4200);
    expect((await sandbox("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" })).status).toBe(201);
    const result = await answer(request, { method: "POST", path: `/api/v1/orders/${order.id}/check`, template: CHECK }, 200, CheckResultResponse);
    expect(result.provider_status).toBe("succeeded");
    expect(result.order).toMatchObject({ status: "paid", amount_received: 4200, payments: [{ source: "query", amount: 4200 }] });
  });

  test("cancel: an open order is cancelled (200), and cancelling it again is 200 too", async ({ request }) => {
    const { order } = await newOrder(request, 700);
    const call = { method: "POST", path: `/api/v1/orders/${order.id}/cancel`, template: CANCEL };
    const cancelled = await answer(request, call, 200, OrderResponse);
    expect(cancelled).toMatchObject({ id: order.id, status: "cancelled" });
    expect(cancelled.cancelled_at).toEqual(expect.any(String));
    expect(await answer(request, call, 200)).toMatchObject({ id: order.id, status: "cancelled" });
  });

  test("openapi.json: served without a key", async ({ request }) => {
    const doc = await answer(request, { method: "GET", path: "/api/v1/openapi.json", key: null }, 200, OpenApiDocumentSchema);
    expect(doc.openapi).toMatch(/^3\.1\./);
  });
});

test.describe("idempotency", () => {
  test("create: the same Idempotency-Key and body answer the first order again, marked idempotent-replayed", async ({ request }) => {
    const key = uniqueKey("sale");
    const call = { ...ORDERS, json: { amount: 2350, note: "replay" }, headers: { "idempotency-key": key } };
    const first = await send(request, call);
    const firstBody = await expectAnswer(first, call, 201, OrderResponse);
    expect(first.headers()["idempotent-replayed"]).toBeUndefined();
    // The same body with its keys in another order is the same request (canonical JSON).
    const again = await send(request, { ...call, raw: '{"note":"replay","amount":2350}' });
    const againBody = await expectAnswer(again, call, 201, OrderResponse);
    expect(again.headers()["idempotent-replayed"]).toBe("true");
    expect(againBody).toEqual(firstBody);
    const page = await answer(request, { method: "GET", path: "/api/v1/orders?limit=5", template: "/api/v1/orders" }, 200, OrderPageResponse);
    expect(page.data.filter((o) => o.note === "replay").map((o) => o.id)).toEqual([firstBody.id]);
  });

  test("create: the same Idempotency-Key with another body is 409 conflict", async ({ request }) => {
    const key = uniqueKey("sale");
    await answer(request, { ...ORDERS, json: { amount: 1000 }, headers: { "idempotency-key": key } }, 201);
    await problem(request, { ...ORDERS, json: { amount: 1001 }, headers: { "idempotency-key": key } }, 409, "conflict");
  });

  test("cancel: the same Idempotency-Key answers the first cancel again, marked idempotent-replayed", async ({ request }) => {
    const { order } = await newOrder(request, 650);
    const call = { method: "POST", path: `/api/v1/orders/${order.id}/cancel`, template: CANCEL, headers: { "idempotency-key": uniqueKey("cancel") } };
    const first = await answer(request, call, 200);
    const again = await send(request, call);
    expect(await expectAnswer(again, call, 200)).toEqual(first);
    expect(again.headers()["idempotent-replayed"]).toBe("true");
  });

  for (const [label, key] of [
    ["longer than 64 characters", "k".repeat(65)],
    ["with a space in it", "two words"],
  ] as const) {
    test(`create: an Idempotency-Key ${label} is 400 invalid_request`, async ({ request }) => {
      await problem(request, { ...ORDERS, json: { amount: 1000 }, headers: { "idempotency-key": key } }, 400, "invalid_request");
    });
  }
});

test.describe("400, 413 and 422: bad input is a 4xx problem, never a 5xx", () => {
  test("create: a body that is not JSON is 400 invalid_request", async ({ request }) => {
    await problem(request, { ...ORDERS, raw: '{"amount": 2350' }, 400, "invalid_request");
  });

  test("create: a body above 64 KiB is 413 payload_too_large", async ({ request }) => {
    const raw = JSON.stringify({ amount: 100, note: "x".repeat(65 * 1024) });
    await problem(request, { ...ORDERS, raw }, 413, "payload_too_large");
  });

  for (const [label, json, path] of [
    ["an unknown field", { amount: 100, tip: 5 }, "tip"],
    ["amount 0", { amount: 0 }, "amount"],
    ["a fractional amount", { amount: 23.5 }, "amount"],
    ["amount and items that disagree", { amount: 2000, items: [{ name: "Latte", unit_amount: 1175, quantity: 2 }] }, "amount"],
    ["expires_in 10 (below 30)", { amount: 100, expires_in: 10 }, "expires_in"],
    ["neither amount nor items", { note: "nothing" }, "amount"],
  ] as const) {
    test(`create: ${label} is 422 invalid_request naming the field`, async ({ request }) => {
      const body = await problem(request, { ...ORDERS, json }, 422, "invalid_request");
      expect(body.errors).toEqual(expect.any(Array));
      expect((body.errors ?? []).map((e) => e.path)).toContain(path);
    });
  }

  for (const [label, path] of [
    ["?limit=0", "/api/v1/orders?limit=0"],
    ["?limit=abc", "/api/v1/orders?limit=abc"],
    ["?status=bogus", "/api/v1/orders?status=bogus"],
    ["?since that is not a time", "/api/v1/orders?since=yesterday"],
    ["a repeated ?status", "/api/v1/orders?status=open&status=paid"],
    ["an unknown query parameter", "/api/v1/orders?colour=red"],
    ["a cursor it never gave out", "/api/v1/orders?cursor=not-a-cursor"],
  ] as const) {
    test(`list orders: ${label} is 422 invalid_request`, async ({ request }) => {
      await problem(request, { method: "GET", path, template: "/api/v1/orders" }, 422, "invalid_request");
    });
  }

  for (const [label, path] of [
    ["a repeated ?type", "/api/v1/discrepancies?type=late_payment&type=overpaid"],
    ["?type=a&type=b", "/api/v1/discrepancies?type=a&type=b"],
    ["?status=bogus", "/api/v1/discrepancies?status=bogus"],
    ["?limit=0", "/api/v1/discrepancies?limit=0"],
  ] as const) {
    test(`list discrepancies: ${label} is 422 invalid_request`, async ({ request }) => {
      await problem(request, { method: "GET", path, template: "/api/v1/discrepancies", key: E2E.ownerKey }, 422, "invalid_request");
    });
  }

  // 400, not 404: a path that cannot be decoded names no resource (lib/api/malformed-path.ts).
  test("a malformed percent-encoding in an order path is 400 invalid_request, not a 5xx", async ({ request }) => {
    await problem(request, { method: "GET", path: "/api/v1/orders/%E0%A4%A", template: ORDER }, 400, "invalid_request");
    await problem(request, { method: "POST", path: "/api/v1/orders/%E0%A4%A/cancel", template: CANCEL }, 400, "invalid_request");
  });
});

test.describe("401 and 403: keys and roles", () => {
  const routes = [
    { method: "POST", path: "/api/v1/orders", json: { amount: 100 } },
    { method: "GET", path: "/api/v1/orders" },
    { method: "GET", path: "/api/v1/orders/T1-000001", template: ORDER },
    { method: "POST", path: "/api/v1/orders/T1-000001/cancel", template: CANCEL },
    { method: "POST", path: "/api/v1/orders/T1-000001/check", template: CHECK },
    { method: "GET", path: "/api/v1/discrepancies" },
  ];
  for (const route of routes) {
    test(`${route.method} ${route.template ?? route.path}: no key is 401, an unknown key is 401`, async ({ request }) => {
      await problem(request, { ...route, key: null }, 401, "unauthorized");
      await problem(request, { ...route, key: "tk_not_a_key_of_this_till_000" }, 401, "unauthorized");
    });
  }

  test("discrepancies: a cashier key is 403 forbidden, an owner key lists them", async ({ request }) => {
    await problem(request, { method: "GET", path: "/api/v1/discrepancies" }, 403, "forbidden");
    const page = await answer(request, { method: "GET", path: "/api/v1/discrepancies", key: E2E.ownerKey }, 200, DiscrepancyPageResponse);
    expect(page.data).toEqual(expect.any(Array));
  });
});

test.describe("404 and 405: paths and methods", () => {
  test("an unknown order id or reference is 404 not_found on every order route", async ({ request }) => {
    const missing = "ord_00000000000000000000000000";
    await problem(request, { method: "GET", path: `/api/v1/orders/${missing}`, template: ORDER }, 404, "not_found");
    await problem(request, { method: "GET", path: "/api/v1/orders/T9-999999", template: ORDER }, 404, "not_found");
    await problem(request, { method: "GET", path: `/api/v1/orders/${missing}/qr.svg`, template: "/api/v1/orders/{orderId}/qr.svg" }, 404, "not_found");
    await problem(request, { method: "POST", path: `/api/v1/orders/${missing}/cancel`, template: CANCEL }, 404, "not_found");
    await problem(request, { method: "POST", path: `/api/v1/orders/${missing}/check`, template: CHECK }, 404, "not_found");
  });

  for (const path of ["/api/v1/nothing-here", "/api/v1/orders/T1-000001/refund-now"]) {
    test(`an unknown API path ${path} is a 404 not_found problem, not an HTML page`, async ({ request }) => {
      await problem(request, { method: "GET", path }, 404, "not_found");
    });
  }

  for (const [method, path, template, allowed] of [
    ["DELETE", "/api/v1/orders", "/api/v1/orders", ["GET", "POST"]],
    ["PUT", "/api/v1/orders/T1-000001", ORDER, ["GET"]],
    ["GET", "/api/v1/orders/T1-000001/cancel", CANCEL, ["POST"]],
    ["GET", "/api/v1/orders/T1-000001/check", CHECK, ["POST"]],
    ["POST", "/api/v1/discrepancies", "/api/v1/discrepancies", ["GET"]],
  ] as const) {
    test(`${method} ${template} is 405 method_not_allowed with Allow: ${allowed.join(", ")}`, async ({ request }) => {
      const call = { method, path, template };
      const res = await send(request, call);
      const body = await expectAnswer(res, call, 405, ProblemSchema);
      expect(body.code).toBe("method_not_allowed");
      const allow = (res.headers()["allow"] ?? "").split(",").map((m) => m.trim().toUpperCase());
      for (const m of allowed) expect(allow).toContain(m);
      expect(allow).not.toContain(method);
    });
  }
});

test.describe("409: actions the order's status does not allow", () => {
  test("cancel: a paid order is 409 conflict carrying the order, which stays paid", async ({ request }) => {
    const { order, chargeId } = await newOrder(request, 1500);
    expect((await sandbox("POST", `/sandbox/charges/${chargeId}/pay`, {})).status).toBe(201);
    await expect.poll(async () => (await getOrder(request, order.id)).status).toBe("paid");
    const body = await problem(request, { method: "POST", path: `/api/v1/orders/${order.id}/cancel`, template: CANCEL }, 409, "conflict", OrderConflictProblem);
    expect(body.order).toMatchObject({ id: order.id, status: "paid", amount_received: 1500 });
    expect((await getOrder(request, order.id)).status).toBe("paid");
  });

  test("cancel: an order paid with its notification dropped is 409 with the payment recorded, not cancelled", async ({ request }) => {
    const { order, chargeId } = await newOrder(request, 1600);
    expect((await sandbox("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" })).status).toBe(201);
    const body = await problem(request, { method: "POST", path: `/api/v1/orders/${order.id}/cancel`, template: CANCEL }, 409, "conflict", OrderConflictProblem);
    expect(body.order).toMatchObject({ id: order.id, status: "paid", payments: [{ source: "query", amount: 1600 }] });
  });
});

test.describe("request ids", () => {
  test("a client's own x-request-id of at most 64 safe characters is kept as the problem's instance", async ({ request }) => {
    const own = `till-e2e-${Date.now()}`;
    const call = { method: "GET", path: "/api/v1/orders/T9-999998", template: ORDER, headers: { "x-request-id": own } };
    const res = await send(request, call);
    const body = await expectAnswer(res, call, 404, ProblemSchema);
    expect(body.instance).toBe(own);
  });

  test("an x-request-id longer than 64 characters is replaced by Till's own", async ({ request }) => {
    const tooLong = "r".repeat(65);
    const call = { method: "GET", path: "/api/v1/orders/T9-999997", template: ORDER, headers: { "x-request-id": tooLong } };
    const body = await expectAnswer(await send(request, call), call, 404, ProblemSchema);
    expect(body.instance).not.toBe(tooLong);
  });
});
