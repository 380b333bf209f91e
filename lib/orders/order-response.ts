import { z } from "zod";
import { pageOf } from "@/lib/api/page-schema";
import { ProblemSchema } from "@/lib/api/problem-schema";
import type { ProviderStatus } from "./check-order";
import { ORDER_STATUSES } from "./order-status";

/**
 * The Order object of API v1 and the objects nested in it (pos-api.md), as the
 * one description that both types the serializer (order-json.ts) and generates
 * openapi.json. Responses are closed objects: a field the serializer adds
 * without describing it here fails to compile.
 */

const instant = z.iso.datetime().describe("RFC 3339, UTC");
const currency = z.string().regex(/^[A-Z]{3}$/).describe("ISO 4217");
const minorUnits = z.int().min(0).describe("integer minor units");

export const OrderStatusSchema = z.enum(ORDER_STATUSES);

export const PAYMENT_SOURCES = ["notification", "query", "statement"] as const;

export const ORDER_ITEM_KINDS = ["product", "amount", "item"] as const;
export type OrderItemKind = (typeof ORDER_ITEM_KINDS)[number];

export const OrderItemResponse = z.object({
  kind: z.enum(ORDER_ITEM_KINDS).describe("a catalogue product, the amount typed on the sale keypad, or an item named by an API client"),
  name: z.string().describe("a product line: its Chinese name at the time of sale (both are in `names`); an amount line: 金额"),
  names: z.object({ en: z.string(), "zh-CN": z.string() }).nullable().describe("a product line's names in each language at the time of sale"),
  unit_amount: minorUnits,
  quantity: z.int().min(1),
});

export const PaymentResponse = z.object({
  id: z.string().regex(/^pay_[0-9A-Z]{26}$/),
  provider_payment_id: z.string(),
  amount: minorUnits,
  currency,
  paid_at: instant.describe("when the provider took the payment (RFC 3339, UTC)"),
  source: z.enum(PAYMENT_SOURCES).describe("how Till learned of the payment: its notification, asking the provider, or a statement"),
  late: z.boolean().describe("taken after the order expired or was cancelled (order rule 4)"),
});

export const RefundResponse = z.object({
  id: z.string().regex(/^ref_[0-9A-Z]{26}$/),
  payment_id: z.string().regex(/^pay_[0-9A-Z]{26}$/),
  provider_refund_id: z.string().nullable(),
  amount: minorUnits,
  status: z.enum(["pending", "succeeded", "failed"]).describe("pending until the provider confirms"),
  reason: z.string(),
  requested_by: z.string().nullable(),
  approved_by: z.string().nullable(),
  created_at: instant,
});

export const OrderResponse = z.object({
  id: z.string().regex(/^ord_[0-9A-Z]{26}$/),
  reference: z.string().describe("short, per terminal, for people (T1-000123)"),
  provider_ref: z.string().regex(/^[0-9A-Z]{26}$/).describe("sent to the provider as merchant_ref: a ULID, unique across the installation"),
  status: OrderStatusSchema,
  amount: minorUnits.min(1),
  currency,
  items: z.array(OrderItemResponse),
  note: z.string().nullable(),
  amount_received: minorUnits.describe("the sum of every payment linked to the order"),
  amount_refunded: minorUnits.describe("the sum of succeeded refunds"),
  amount_refundable: minorUnits.describe("received less pending and succeeded refunds"),
  qr_content: z.string().nullable().describe("opaque: a URL, weixin://… or an EMV string; never validate it as a URL"),
  qr_svg_url: z.string(),
  expires_at: instant,
  created_at: instant,
  paid_at: instant.nullable(),
  cancelled_at: instant.nullable(),
  payments: z.array(PaymentResponse),
  refunds: z.array(RefundResponse),
});

export const OrderPageResponse = pageOf(OrderResponse);

const providerStatus = z.enum(["pending", "succeeded", "expired", "closed", "not_found"]);
// Tied both ways to checkOrder's own type, so that a new provider status cannot go undescribed.
const sameStatuses: [z.infer<typeof providerStatus>, ProviderStatus] extends [ProviderStatus, z.infer<typeof providerStatus>] ? true : never = true;
void sameStatuses;

export const CheckResultResponse = z.object({
  order: OrderResponse,
  provider_status: providerStatus.describe("what the provider says of the charge now"),
});

/** A 409 on cancel: when the provider says the customer already paid, the problem carries the order as Till now has it. */
export const OrderConflictProblem = ProblemSchema.extend({
  order: OrderResponse.optional().describe("the order after Till recorded the provider's payments"),
});

export type OrderResponse = z.infer<typeof OrderResponse>;
export type OrderItemResponse = z.infer<typeof OrderItemResponse>;
export type PaymentResponse = z.infer<typeof PaymentResponse>;
export type RefundResponse = z.infer<typeof RefundResponse>;
