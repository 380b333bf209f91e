import { ChainSummaryResponse } from "@/lib/reconciliation/get-chain-summary";
import { z } from "zod";
import { FieldErrorSchema, ProblemSchema } from "@/lib/api/problem-schema";
import {
  CheckResultResponse,
  OrderConflictProblem,
  OrderItemResponse,
  OrderPageResponse,
  OrderResponse,
  PaymentResponse,
  RefundResponse,
} from "@/lib/orders/order-response";
import { createOrderBody, listOrdersQuery } from "@/lib/orders/order-schemas";
import { DiscrepancyPageResponse, DiscrepancyResponse } from "@/lib/reconciliation/discrepancy-response";
import { orderRefundBody, paymentRefundBody } from "@/lib/refunds/refund-schemas";
import { listDiscrepanciesQuery } from "@/lib/reconciliation/discrepancy-schemas";
import { ImportStatementResponse, importStatementQuery, ReconciliationSummaryResponse, resolveDiscrepancyBody, summaryQuery } from "@/lib/reconciliation/reconciliation-schemas";

type JsonSchema = Record<string, unknown>;

/** The body Till answers a notification it stored (or had stored already) with. */
const WebhookAck = z.object({ received: z.literal(true) });

/**
 * The named response schemas, in the order the document lists them. A schema
 * nested in another one (Payment in Order, Order in CheckResult) is emitted as
 * a $ref to its own entry.
 */
const COMPONENTS: [string, z.ZodType, string][] = [
  ["Order", OrderResponse, "An order, its payments and its refunds"],
  ["OrderItem", OrderItemResponse, "One line of an order"],
  ["Payment", PaymentResponse, "A payment the provider took for an order"],
  ["Refund", RefundResponse, "A refund of a payment"],
  ["OrderPage", OrderPageResponse, "A page of orders, newest first"],
  ["CheckResult", CheckResultResponse, "The order after asking the provider, and what the provider said"],
  ["Discrepancy", DiscrepancyResponse, "A finding of reconciliation"],
  ["DiscrepancyPage", DiscrepancyPageResponse, "A page of discrepancies, newest first"],
  ["StatementImport", ImportStatementResponse, "What importing a statement file did"],
  ["ReconciliationSummary", ReconciliationSummaryResponse, "The figures of a store's business day"],
  ["ChainSummary", ChainSummaryResponse, "Every store's figures for one business day (a chain)"],
  ["Problem", ProblemSchema, "RFC 9457 problem details"],
  ["FieldError", FieldErrorSchema, "One field that broke the schema"],
  ["OrderConflictProblem", OrderConflictProblem, "A refused cancel; carries the order when the customer had already paid"],
  ["WebhookAck", WebhookAck, "A notification was stored (or had been already)"],
];

/**
 * components.schemas, generated with zod's JSON Schema output (draft 2020-12,
 * the dialect of OpenAPI 3.1). A fresh registry per call keeps the names in
 * this one place and leaves zod's global registry alone.
 */
function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string; description: string }>();
  for (const [id, schema, description] of COMPONENTS) registry.add(schema, { id, description });
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", io: "output", uri: (id) => `#/components/schemas/${id}`, override: plainInstants });
  // Each entry comes out as a standalone document; inside components its $id
  // (a fragment, not allowed as an $id) and $schema (the document's dialect) do not belong.
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, withoutDocumentKeys(s as JsonSchema)]));
}

/**
 * zod spells an ISO instant as `format: date-time` plus a long regular
 * expression for every calendar rule; `format` already says that, so the
 * document keeps only what the format does not: Till's times are UTC.
 */
function plainInstants({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (jsonSchema.format === "date-time" && typeof jsonSchema.pattern === "string") jsonSchema.pattern = "Z$";
}

function requestSchema(schema: z.ZodType): JsonSchema {
  // An input instant may carry any offset, which `format: date-time` says alone.
  const override = ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
    if (jsonSchema.format === "date-time") delete jsonSchema.pattern;
  };
  return withoutDocumentKeys(z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", override }));
}

function withoutDocumentKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object) => ({ "application/json": { schema } });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "`invalid_request`: the body is not parseable JSON, the Idempotency-Key header is malformed, or the path is not valid percent-encoded UTF-8",
  401: "`unauthorized`: no, unknown or revoked API key",
  403: "`forbidden`: the key's role may not do this",
  404: "`not_found`: no such order in this store",
  409: "`conflict`: the Idempotency-Key was used with another body or is still in flight",
  413: "`payload_too_large`: the body is above 64 KiB",
  422: "`invalid_request`: the request breaks the schema (wrong types, out of range, unknown fields, a repeated or unknown query parameter)",
  503: "`provider_unavailable`: the provider did not answer; nothing was left half-made",
};

const requestIdHeader = { $ref: "#/components/headers/RequestId" };

function problem(status: number, description = ERROR_DESCRIPTIONS[status]!, schema: object = ref("Problem")) {
  return { description, headers: { "x-request-id": requestIdHeader }, content: { "application/problem+json": { schema } } };
}

/** The error answers of an operation, each a problem+json body. */
const problems = (...statuses: number[]) => Object.fromEntries(statuses.map((s) => [String(s), problem(s)]));

function ok(description: string, schema: object, headers: Record<string, object> = {}) {
  return { description, headers: { "x-request-id": requestIdHeader, ...headers }, content: json(schema) };
}

function queryParameters(schema: z.ZodObject) {
  const shape = requestSchema(schema) as { properties?: Record<string, JsonSchema> };
  return Object.entries(shape.properties ?? {}).map(([name, s]) => ({ name, in: "query", required: false, schema: s }));
}

const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "1 to 64 visible ASCII characters; the same key and body again answer the first response (with `idempotent-replayed: true`)",
  schema: { type: "string", minLength: 1, maxLength: 64, pattern: "^[\\x21-\\x7e]+$" },
};
/** Sent, with the first answer's body, when an Idempotency-Key is replayed. */
const replayed = { "idempotent-replayed": { description: "`true` when this is the stored answer to an earlier call with the same key and body", schema: { type: "string", enum: ["true"] } } };
const orderId = { name: "orderId", in: "path", required: true, schema: { type: "string" }, description: "the order's id (ord_…) or its reference (T1-000123)" };
const paymentId = { name: "paymentId", in: "path", required: true, schema: { type: "string" }, description: "the payment's id (pay_…)" };
/** Refunds require the header: one refund per key, whatever is retried. */
const refundIdempotencyKey = {
  ...idempotencyKey,
  required: true,
  description: "required: 1 to 64 visible ASCII characters naming this refund intent. The same key and body again answer the first response (with `idempotent-replayed: true`) — the same refund, never a second one; the same key with another body is `409 conflict`",
};

/** The answers of both refund calls. */
function refundResponses(extra403: string) {
  return {
    "200": ok("the refund this key already made (its first answer was lost or has expired)", ref("Refund")),
    "201": ok("the refund, `pending` until the provider confirms (also when the provider's answer did not come in time: Till then asks it by the refund's key, and never sends a second refund)", ref("Refund"), replayed),
    "400": problem(400, "`invalid_request`: the Idempotency-Key header is missing or malformed, the body is not parseable JSON, or the path is not valid percent-encoded UTF-8"),
    ...problems(401),
    "403": problem(403, extra403),
    "404": problem(404, "`not_found`: no such order or payment in this store"),
    "409": problem(409, "`conflict`: the order's QR is still live (cancel it first), or the Idempotency-Key was used with another body or is still in flight"),
    ...problems(413),
    "422": problem(422, "`invalid_request`: the body breaks the schema (or names no payment of the order, or omits `payment_id` when the order has several); `amount_exceeds_refundable`: more than received − (pending + succeeded refunds), with `amount_refundable`; `refund_limit_reached`: the payment already has 50 refunds"),
    "429": problem(429, "`rate_limited`: every owner is locked after 5 wrong PINs in a row (with `locked_until`)"),
    "503": problem(503, "`provider_unavailable`: the provider did not take the refund; nothing was refunded and the amount is refundable again"),
  };
}

/**
 * The OpenAPI 3.1 description of API v1, generated from the same zod schemas
 * that validate requests and type the serializers, so none of them can drift.
 */
/** The store a chain_owner key acts in: declared on every operation that takes an API key. */
const tillStore = {
  name: "Till-Store",
  in: "header",
  required: false,
  description:
    "chain_owner keys: the id of the store the call acts in (default: the key's own store). Any other key naming a store not its own, or an unknown store id, is `404 not_found`.",
  schema: { type: "string", minLength: 1, maxLength: 64 },
};
const tillStoreNotFound = "`not_found`: no such order, payment or discrepancy in this store, or the Till-Store header names a store this key cannot act in";

type Operation = { security?: unknown[]; parameters?: object[]; responses: Record<string, object> };

/**
 * Every operation that takes an API key gets the Till-Store header and its
 * 404 (the header is read after authentication and the role check, before anything else).
 */
function withStoreHeader<T extends { paths: Record<string, Record<string, Operation>> }>(document: T): T {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (operation.security?.length === 0) continue;
      operation.parameters = [...(operation.parameters ?? []), tillStore];
      if (!operation.responses["404"]) operation.responses["404"] = problem(404, tillStoreNotFound);
    }
  }
  return document;
}

export function openApiDocument() {
  return withStoreHeader({
    openapi: "3.1.0",
    info: {
      title: "Till API",
      version: "1.0.0",
      description:
        "Orders, payments, refunds and reconciliation for QR-code point of sale. Amounts are integers of minor units; times are RFC 3339 UTC. " +
        "Every error is an RFC 9457 problem (`application/problem+json`) whose `instance` is the request id, also sent as `x-request-id`. " +
        "An unknown path under /api/v1/ answers `404 not_found` and a known path with another method `405 method_not_allowed` with `Allow`, " +
        "both as a Problem.",
      license: { name: "Proprietary", identifier: "LicenseRef-Till-Proprietary" },
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    tags: [
      { name: "orders", description: "Orders and their QR" },
      { name: "refunds", description: "Refunds of payments, sent to the provider once" },
      { name: "reconciliation", description: "Statements, discrepancies and the day's figures (owner keys)" },
      { name: "notifications", description: "Signed notifications from payment providers" },
      { name: "meta", description: "This document" },
    ],
    paths: {
      "/api/v1/orders": {
        post: {
          operationId: "createOrder",
          tags: ["orders"],
          summary: "Create an order and its dynamic QR",
          description: "Give `amount` or `items` (amount = their sum; both and different: 422). The provider's charge is made first: if the provider is down, no order is left half-made.",
          parameters: [idempotencyKey],
          requestBody: { required: true, content: json(requestSchema(createOrderBody)) },
          responses: { "201": ok("the new order", ref("Order"), replayed), ...problems(400, 401, 409, 413, 422, 503) },
        },
        get: {
          operationId: "listOrders",
          tags: ["orders"],
          summary: "List orders, newest first",
          parameters: queryParameters(listOrdersQuery),
          responses: { "200": ok("a page of orders", ref("OrderPage")), ...problems(401, 422) },
        },
      },
      "/api/v1/orders/{orderId}": {
        get: {
          operationId: "getOrder",
          tags: ["orders"],
          summary: "One order",
          parameters: [orderId],
          responses: { "200": ok("the order", ref("Order")), ...problems(400, 401, 404, 422) },
        },
      },
      "/api/v1/orders/{orderId}/qr.svg": {
        get: {
          operationId: "getOrderQrSvg",
          tags: ["orders"],
          summary: "The order's QR code as SVG",
          parameters: [orderId],
          responses: {
            "200": { description: "the QR code", headers: { "x-request-id": requestIdHeader }, content: { "image/svg+xml": { schema: { type: "string" } } } },
            ...problems(400, 401, 404, 422),
          },
        },
      },
      "/api/v1/orders/{orderId}/events": {
        get: {
          operationId: "streamOrderEvents",
          tags: ["orders"],
          summary: "The order as Server-Sent Events",
          description: "`event: order` with the Order as its data: the state now, then after every change.",
          parameters: [orderId],
          responses: {
            "200": { description: "an event stream", content: { "text/event-stream": { schema: { type: "string" } } } },
            ...problems(400, 401, 404, 422),
          },
        },
      },
      "/api/v1/orders/{orderId}/cancel": {
        post: {
          operationId: "cancelOrder",
          tags: ["orders"],
          summary: "Cancel an open or partially paid order",
          description: "Till closes the charge at the provider first. Cancelling a cancelled order answers 200; if the provider says the customer already paid, Till records the payments and answers 409 with the order.",
          parameters: [orderId, idempotencyKey],
          responses: {
            "200": ok("the cancelled order", ref("Order"), replayed),
            ...problems(400, 401, 404),
            "409": problem(409, "`conflict`: the order is no longer cancellable (with `order` when the customer had already paid), or the Idempotency-Key was reused", ref("OrderConflictProblem")),
            ...problems(422, 503),
          },
        },
      },
      "/api/v1/orders/{orderId}/check": {
        post: {
          operationId: "checkOrder",
          tags: ["orders"],
          summary: "Ask the provider now whether the customer paid",
          description: "Allowed in every status; records every payment the provider has that Till lacks (source `query`).",
          parameters: [orderId],
          responses: { "200": ok("the order and the provider's status", ref("CheckResult")), ...problems(400, 401, 404, 422, 503) },
        },
      },
      "/api/v1/orders/{orderId}/refunds": {
        post: {
          operationId: "refundOrderPayment",
          tags: ["refunds"],
          summary: "Refund all or part of a payment of an order",
          description:
            "Refused while the order is `open` or `partially_paid` (cancel it first). `payment_id` is required when the order has several payments. " +
            "When the refund takes the order's refunded-or-pending total above the store's approval threshold (default 20000), a cashier key needs `approver_pin`, an owner's PIN; an owner key approves itself. " +
            "The refund is stored before the provider is called and sent once, under its own key.",
          parameters: [orderId, refundIdempotencyKey],
          requestBody: { required: true, content: json(requestSchema(orderRefundBody)) },
          responses: refundResponses("`approval_required`: above the approval threshold without a valid owner's PIN (a wrong one carries `tries_left`); `forbidden`: the key's role may not refund"),
        },
      },
      "/api/v1/payments/{paymentId}/refunds": {
        post: {
          operationId: "refundPayment",
          tags: ["refunds"],
          summary: "Refund a payment directly (owner keys)",
          description: "The way to return an `unknown_order` payment, which has no order. A payment of an order follows the order's rules. The owner's key approves the refund itself.",
          parameters: [paymentId, refundIdempotencyKey],
          requestBody: { required: true, content: json(requestSchema(paymentRefundBody)) },
          responses: refundResponses("`forbidden`: only an owner key may refund a payment directly"),
        },
      },
      "/api/v1/discrepancies": {
        get: {
          operationId: "listDiscrepancies",
          tags: ["reconciliation"],
          summary: "The reconciliation list, newest first (owner keys)",
          parameters: queryParameters(listDiscrepanciesQuery),
          responses: { "200": ok("a page of discrepancies", ref("DiscrepancyPage")), ...problems(401, 403, 422) },
        },
      },
      "/api/v1/discrepancies/{discrepancyId}/resolve": {
        post: {
          operationId: "resolveDiscrepancy",
          tags: ["reconciliation"],
          summary: "Resolve a discrepancy (owner keys)",
          description:
            "With a resolution its type allows (see the Discrepancy types in the API description) and a note; who and when are recorded. Resolving never moves money: " +
            "`refunded` needs succeeded refunds that cover what had to go back; `linked` (unknown_order, with `order_id`) moves the payment onto that order and applies the order rules; `accepted` on a late_payment makes the order paid.",
          parameters: [{ name: "discrepancyId", in: "path", required: true, schema: { type: "string" }, description: "the discrepancy's id (dis_…)" }, idempotencyKey],
          requestBody: { required: true, content: json(requestSchema(resolveDiscrepancyBody)) },
          responses: {
            "200": ok("the resolved discrepancy", ref("Discrepancy"), replayed),
            ...problems(400, 401, 403),
            "404": problem(404, "`not_found`: no such discrepancy in this store, or (`linked`) no such order"),
            "409": problem(409, "`conflict`: already resolved, refunds do not cover what had to go back yet, or the Idempotency-Key was reused"),
            "413": problem(413),
            "422": problem(422, "`invalid_request`: the body breaks the schema, or the resolution is not allowed for this type"),
          },
        },
      },
      "/api/v1/statements": {
        post: {
          operationId: "importStatement",
          tags: ["reconciliation"],
          summary: "Import a provider statement (owner keys)",
          description:
            "The body is the statement file as the provider gives it (Sandbox Pay's CSV, or Alipay's business-detail bill 业务明细 in GBK; the format and the encoding are detected), at most 50 MiB, read as it arrives. " +
            "The file counts whole or not at all: a malformed one is 422 naming the line and the column (`line`, `column`), and nothing is stored. " +
            "The same file again changes nothing (`repeated: true`); a full-day statement after a partial one adds only the new movements. " +
            "New lines are matched against Till's payments, refunds and orders, opening unnotified_payment, unsettled_payment, amount_mismatch and refund_mismatch.",
          parameters: queryParameters(importStatementQuery),
          requestBody: { required: true, content: { "text/csv": { schema: { type: "string" } } } },
          responses: {
            "200": ok("what the import did", ref("StatementImport")),
            "400": problem(400, "`invalid_request`: the body is empty, or not UTF-8 text after a UTF-8 first line"),
            ...problems(401, 403),
            "409": problem(409, "`conflict`: another statement of this provider account is being imported"),
            "413": problem(413, "`payload_too_large`: the file is above 50 MiB"),
            "422": problem(422, "`invalid_request`: a malformed file (the problem names `line` and `column`), a `date` that is not the file's day, or no `date` for a file that does not state its period"),
          },
        },
      },
      "/api/v1/reconciliation/summary": {
        get: {
          operationId: "getReconciliationSummary",
          tags: ["reconciliation"],
          summary: "The figures of a business day (owner keys)",
          description: "`date` is a day of the store's own time zone (a shop in Asia/Shanghai closes its day at 16:00 UTC).",
          parameters: queryParameters(summaryQuery).map((p) => ({ ...p, required: true })),
          responses: { "200": ok("the day's figures", ref("ReconciliationSummary")), ...problems(401, 403, 422) },
        },
      },
      "/api/v1/chain/summary": {
        get: {
          operationId: "getChainSummary",
          tags: ["reconciliation"],
          summary: "Every store's figures of a business day (chain_owner keys)",
          description: "Each store's own business day `date` in its own time zone; each entry equals that store's `GET /api/v1/reconciliation/summary`. Other keys get 403. A chain_owner key acts in another store with the `Till-Store: <store id>` header on any route (an unknown store, or the header on any other key naming a store not its own, is a 404).",
          parameters: queryParameters(summaryQuery).map((p) => ({ ...p, required: true })),
          responses: { "200": ok("every store's figures", ref("ChainSummary")), ...problems(401, 403, 422) },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApiDocument",
          tags: ["meta"],
          summary: "This document",
          security: [],
          responses: {
            "200": { description: "the OpenAPI 3.1 document", content: json({ type: "object" }) },
            "422": problem(422, "`invalid_request`: this document takes no query parameters"),
          },
        },
      },
      "/api/webhooks/{provider}": {
        post: {
          operationId: "receiveNotification",
          tags: ["notifications"],
          summary: "Receive a signed notification from a payment provider",
          description:
            "Standard Webhooks: the signature and the ±300 s timestamp are verified on the raw body (at most 64 KiB), then the event is stored under its unique id and applied in one transaction. A duplicate, or an event of an unknown type, is answered 200.",
          security: [],
          parameters: [
            { name: "provider", in: "path", required: true, schema: { type: "string", examples: ["sandbox"] } },
            ...["webhook-id", "webhook-timestamp", "webhook-signature"].map((name) => ({ name, in: "header", required: true, schema: { type: "string" } })),
          ],
          requestBody: { required: true, content: { "application/json": { schema: { type: "object" } } } },
          responses: {
            "200": { description: "stored (or stored already)", content: json(ref("WebhookAck")) },
            "400": problem(400, "`invalid_request`: the path is not valid percent-encoded UTF-8"),
            "401": problem(401, "`unauthorized`: a missing webhook-* header, a signature that does not verify, or a timestamp more than 300 s away"),
            "404": problem(404, "`not_found`: no account of this provider is configured"),
            "413": problem(413),
            "429": {
              ...problem(429, "`rate_limited`: this sender's rejected attempts are over the limit (20 a minute; 100 a minute in all); nothing was stored"),
              headers: { "x-request-id": requestIdHeader, "retry-after": { description: "seconds until the limit's window ends", schema: { type: "integer" } } },
            },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "an API key created in Settings" } },
      schemas: componentSchemas(),
      headers: {
        RequestId: { description: "the request id; a client's own x-request-id of at most 64 safe characters is kept", schema: { type: "string", maxLength: 64 } },
      },
    },
  });
}
