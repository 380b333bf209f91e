import { z } from "zod";
import { createOrderBody, listOrdersQuery } from "@/lib/orders/order-schemas";
import { listDiscrepanciesQuery } from "@/lib/reconciliation/discrepancy-schemas";

const problem = { $ref: "#/components/schemas/Problem" };
const json = (schema: object) => ({ "application/json": { schema } });
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), { description: "problem details", content: { "application/problem+json": { schema: problem } } }]));

function queryParameters(schema: z.ZodObject) {
  const shape = z.toJSONSchema(schema, { io: "input" }) as { properties?: Record<string, object> };
  return Object.entries(shape.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
}

const idempotencyHeader = { name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 64 } };
const orderId = { name: "orderId", in: "path", required: true, schema: { type: "string" }, description: "ord_… id or reference" };

/**
 * The OpenAPI 3.1 description of API v1, generated from the same zod schemas
 * that validate requests, so the two cannot drift apart.
 */
export function openApiDocument() {
  return {
    openapi: "3.1.0",
    info: { title: "Till API", version: "1.0.0", description: "Orders, payments, refunds and reconciliation for QR-code point of sale. Amounts are integers of minor units." },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    paths: {
      "/api/v1/orders": {
        post: {
          summary: "Create an order and its dynamic QR",
          parameters: [idempotencyHeader],
          requestBody: { required: true, content: json(z.toJSONSchema(createOrderBody, { io: "input" })) },
          responses: { "201": { description: "the order", content: json({ $ref: "#/components/schemas/Order" }) }, ...errors(400, 401, 403, 409, 413, 422, 503) },
        },
        get: {
          summary: "List orders, newest first",
          parameters: queryParameters(listOrdersQuery),
          responses: { "200": { description: "a page of orders", content: json({ type: "object", properties: { data: { type: "array", items: { $ref: "#/components/schemas/Order" } }, next_cursor: { type: ["string", "null"] } } }) }, ...errors(401, 422) },
        },
      },
      "/api/v1/orders/{orderId}": {
        get: { summary: "One order", parameters: [orderId], responses: { "200": { description: "the order", content: json({ $ref: "#/components/schemas/Order" }) }, ...errors(401, 404) } },
      },
      "/api/v1/orders/{orderId}/qr.svg": {
        get: { summary: "The order's QR code as SVG", parameters: [orderId], responses: { "200": { description: "SVG", content: { "image/svg+xml": {} } }, ...errors(401, 404) } },
      },
      "/api/v1/orders/{orderId}/events": {
        get: { summary: "The order as Server-Sent Events (`event: order`): its state now, then after every change", parameters: [orderId], responses: { "200": { description: "text/event-stream", content: { "text/event-stream": {} } }, ...errors(401, 404) } },
      },
      "/api/v1/orders/{orderId}/cancel": {
        post: { summary: "Cancel an open order (closes the charge first)", parameters: [orderId, idempotencyHeader], responses: { "200": { description: "the cancelled order", content: json({ $ref: "#/components/schemas/Order" }) }, ...errors(401, 404, 409, 503) } },
      },
      "/api/v1/orders/{orderId}/check": {
        post: { summary: "Ask the provider now whether the customer paid", parameters: [orderId], responses: { "200": { description: "the order and the provider's status", content: json({ type: "object", properties: { order: { $ref: "#/components/schemas/Order" }, provider_status: { enum: ["pending", "succeeded", "expired", "closed", "not_found"] } } }) }, ...errors(401, 404, 503) } },
      },
      "/api/v1/discrepancies": {
        get: {
          summary: "The reconciliation list, newest first (owner keys)",
          parameters: queryParameters(listDiscrepanciesQuery),
          responses: { "200": { description: "a page of discrepancies", content: json({ type: "object", properties: { data: { type: "array", items: { type: "object" } }, next_cursor: { type: ["string", "null"] } } }) }, ...errors(401, 403, 422) },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Problem: {
          type: "object",
          required: ["type", "title", "status", "code", "detail"],
          properties: { type: { type: "string" }, title: { type: "string" }, status: { type: "integer" }, code: { type: "string" }, detail: { type: "string" }, errors: { type: "array", items: { type: "object", properties: { path: { type: "string" }, message: { type: "string" } } } } },
        },
        Order: {
          type: "object",
          properties: {
            id: { type: "string" }, reference: { type: "string" }, provider_ref: { type: "string" },
            status: { enum: ["open", "partially_paid", "paid", "expired", "cancelled", "refunded"] },
            amount: { type: "integer" }, currency: { type: "string" }, amount_received: { type: "integer" }, amount_refunded: { type: "integer" }, amount_refundable: { type: "integer" },
            qr_content: { type: ["string", "null"] }, qr_svg_url: { type: "string" }, expires_at: { type: "string", format: "date-time" },
            created_at: { type: "string", format: "date-time" }, paid_at: { type: ["string", "null"] }, cancelled_at: { type: ["string", "null"] },
            items: { type: "array", items: { type: "object" } }, payments: { type: "array", items: { type: "object" } }, refunds: { type: "array", items: { type: "object" } },
          },
        },
      },
    },
  };
}
