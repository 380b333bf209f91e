/**
 * Calls Till over HTTP and checks every answer against the document Till
 * serves at /api/v1/openapi.json: the status, the media type, and the body
 * against the schema of that operation and status (Ajv, JSON Schema 2020-12).
 * An error answer must also be problem+json whose `instance` is the
 * `x-request-id` header.
 */
import { expect, type APIRequestContext, type APIResponse } from "@playwright/test";
import type { z } from "zod";
import { ProblemSchema, type ProblemResponse } from "../../lib/api/problem-schema";
import { OrderResponse } from "../../lib/orders/order-response";
import { ChargeList } from "../../sandbox/test-schemas";
import { E2E } from "../../playwright.config";
import { contractValidator, OpenApiDocumentSchema, responseSchema, type OpenApiDocument } from "../../test/openapi-contract";
import { firstOf, parseAs } from "../../test/parse";

export const TILL = `http://127.0.0.1:${E2E.port}`;
export const SANDBOX = `http://127.0.0.1:${E2E.sandboxPort}`;

if (!E2E.dataDir.includes("e2e")) throw new Error("end-to-end tests only run against their own database");

let served: Promise<{ doc: OpenApiDocument; contract: ReturnType<typeof contractValidator> }> | undefined;

/** The document Till serves (no key needed), read once per worker. */
export function servedContract() {
  served ??= fetch(`${TILL}/api/v1/openapi.json`).then(async (res) => {
    if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
    const doc = parseAs(OpenApiDocumentSchema, await res.json(), "openapi.json");
    return { doc, contract: contractValidator(doc) };
  });
  return served;
}

export type Call = {
  method: string;
  path: string;
  /** The path as the document names it (`/api/v1/orders/{orderId}`); the path itself when omitted. */
  template?: string;
  /** The API key; the cashier's when omitted, none when null. */
  key?: string | null;
  json?: unknown;
  /** A body sent as it is, with content-type application/json. */
  raw?: string;
  headers?: Record<string, string>;
};

export function send(request: APIRequestContext, c: Call): Promise<APIResponse> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.key !== null) headers.authorization = `Bearer ${c.key ?? E2E.cashierKey}`;
  // A Buffer is sent byte for byte: Playwright would JSON-encode a string that is not valid JSON.
  let data: Buffer | undefined;
  if (c.raw !== undefined) data = Buffer.from(c.raw);
  else if (c.json !== undefined) data = Buffer.from(JSON.stringify(c.json));
  if (data !== undefined) headers["content-type"] ??= "application/json";
  return request.fetch(c.path, { method: c.method, headers, data, maxRedirects: 0 });
}

/**
 * Asserts an answer: its status, its media type, its body against the
 * document's schema for (method, path template, status), and for an error the
 * problem+json rules. Returns the body: parsed when it is JSON, and read
 * through `schema` when one is given (the text when it is not JSON).
 */
export async function expectAnswer(res: APIResponse, c: Pick<Call, "method" | "path" | "template">, status: number): Promise<unknown>;
export async function expectAnswer<T>(res: APIResponse, c: Pick<Call, "method" | "path" | "template">, status: number, schema: z.ZodType<T>): Promise<T>;
export async function expectAnswer<T>(res: APIResponse, c: Pick<Call, "method" | "path" | "template">, status: number, schema?: z.ZodType<T>): Promise<unknown> {
  const { doc, contract } = await servedContract();
  const template = c.template ?? c.path;
  const text = await res.text();
  const where = `${c.method} ${c.path}`;
  expect(res.status(), `${where} answered ${res.status()}: ${text.slice(0, 400)}`).toBe(status);
  const documented = responseSchema(doc, c.method, template, status);
  const mediaType = (res.headers()["content-type"] ?? "").split(";")[0]!.trim();
  expect(mediaType, `${where}: content-type of a ${status}`).toBe(documented.mediaType);
  if (!mediaType.endsWith("json")) return schema ? parseAs(schema, text, where) : text;
  const body: unknown = JSON.parse(text);
  if (status >= 400) {
    const problem = parseAs(ProblemSchema, body, `${where}: the problem`);
    expect(problem.status, `${where}: problem status`).toBe(status);
    const requestId = res.headers()["x-request-id"];
    expect(requestId, `${where}: x-request-id header`).toBeTruthy();
    expect(problem.instance, `${where}: instance is the request id`).toBe(requestId);
  }
  expect(contract.errorsOf(documented.schema, body), `${where} ${status} against openapi.json: ${text.slice(0, 400)}`).toEqual([]);
  return schema ? parseAs(schema, body, where) : body;
}

/** Sends a call and asserts its answer (see expectAnswer). */
export async function answer(request: APIRequestContext, c: Call, status: number): Promise<unknown>;
export async function answer<T>(request: APIRequestContext, c: Call, status: number, schema: z.ZodType<T>): Promise<T>;
export async function answer<T>(request: APIRequestContext, c: Call, status: number, schema?: z.ZodType<T>): Promise<unknown> {
  const res = await send(request, c);
  return schema ? expectAnswer(res, c, status, schema) : expectAnswer(res, c, status);
}

/** Sends a call that must fail with `status` and `code`, and returns the problem (read through `schema`, Problem by default). */
export async function problem(request: APIRequestContext, c: Call, status: number, code: string): Promise<ProblemResponse>;
export async function problem<T extends ProblemResponse>(request: APIRequestContext, c: Call, status: number, code: string, schema: z.ZodType<T>): Promise<T>;
export async function problem(request: APIRequestContext, c: Call, status: number, code: string, schema: z.ZodType<ProblemResponse> = ProblemSchema): Promise<ProblemResponse> {
  const body = await answer(request, c, status, schema);
  expect(body.code, `${c.method} ${c.path}: problem code`).toBe(code);
  return body;
}

/** An answer of Sandbox Pay: its status, its body as JSON (null when empty), and the body read through a schema. */
export type SandboxAnswer = { status: number; json: unknown; as<T>(schema: z.ZodType<T>): T };

/** Calls Sandbox Pay's merchant and control API with the e2e key. */
export async function sandbox(method: string, path: string, body?: unknown): Promise<SandboxAnswer> {
  const res = await fetch(SANDBOX + path, {
    method,
    headers: { authorization: `Bearer ${E2E.sandboxKey}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  return { status: res.status, json, as: (schema) => parseAs(schema, json, `Sandbox Pay ${method} ${path} (${res.status})`) };
}

/** Creates an order through the API (asserting the answer) and returns it with its Sandbox Pay charge id. */
export async function newOrder(request: APIRequestContext, amount: number) {
  const order = await answer(request, { method: "POST", path: "/api/v1/orders", json: { amount } }, 201, OrderResponse);
  const charges = await sandbox("GET", `/v1/charges?merchant_ref=${order.provider_ref}`);
  expect(charges.status).toBe(200);
  return { order, chargeId: firstOf(charges.as(ChargeList).data, `the charges of ${order.provider_ref}`).id };
}

/** The order as Till has it now, asserted against the document. */
export function getOrder(request: APIRequestContext, orderId: string) {
  return answer(request, { method: "GET", path: `/api/v1/orders/${orderId}`, template: "/api/v1/orders/{orderId}" }, 200, OrderResponse);
}
