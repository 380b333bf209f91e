/**
 * Sandbox Pay's JSON answers (provider-protocol.md) as zod schemas, for the
 * tests of both sides: reading an answer through one asserts its shape.
 *
 * The objects are strict, so an undocumented field fails a test, and their
 * keys are in the order the sandbox writes them: a parsed notification
 * serialises to the very bytes the sandbox sent.
 */
import { z } from "zod";
import type { ChargeStatus, Charge as ChargeJson } from "./charge-store";
import type { Faults as FaultsRow } from "./faults";
import type { RefundRow, refundJson } from "./refund-store";

const instant = z.iso.datetime();
const id = z.string().min(1).max(64);
const currency = z.string().regex(/^[A-Z]{3}$/);

export const SandboxError = z.strictObject({
  error: z.strictObject({ code: z.string().min(1), message: z.string() }),
});
export type SandboxError = z.infer<typeof SandboxError>;

export const Payment = z.strictObject({
  id,
  charge_id: id,
  merchant_ref: id,
  amount: z.int().positive(),
  currency,
  payer: z.string(),
  paid_at: instant,
});
export type Payment = z.infer<typeof Payment>;

export const CHARGE_STATUSES = ["pending", "succeeded", "expired", "closed"] as const satisfies readonly ChargeStatus[];

export const Charge = z.strictObject({
  id,
  merchant_ref: id,
  amount: z.int().positive(),
  currency,
  description: z.string().nullable(),
  status: z.enum(CHARGE_STATUSES),
  qr_content: z.string(),
  amount_received: z.int().min(0),
  payments: z.array(Payment),
  expires_at: instant,
  created_at: instant,
});
export type Charge = z.infer<typeof Charge>;

export const Refund = z.strictObject({
  id,
  payment_id: id,
  merchant_refund_ref: id,
  amount: z.int().positive(),
  currency,
  status: z.enum(["pending", "succeeded", "failed"] as const satisfies readonly RefundRow["status"][]),
  failure_reason: z.string().nullable(),
  reason: z.string().nullable(),
  created_at: instant,
  settled_at: instant.nullable(),
});
export type Refund = z.infer<typeof Refund>;

/** `{"data": [...]}`: the answer of GET /v1/charges, /v1/refunds and /sandbox/events. */
export const listOf = <T>(item: z.ZodType<T>) => z.strictObject({ data: z.array(item) });

export const ChargeList = listOf(Charge);
export const RefundList = listOf(Refund);

/** `201 {"payment", "charge"}` of POST /sandbox/charges/{id}/pay and POST /pay/{id}. */
export const PayResult = z.strictObject({ payment: Payment, charge: Charge });
export type PayResult = z.infer<typeof PayResult>;

/** The body of a notification, by event type. */
export const PaymentSucceeded = z.strictObject({
  id,
  type: z.literal("payment.succeeded"),
  created_at: instant,
  data: z.strictObject({
    payment: Payment,
    charge: z.strictObject({ id, merchant_ref: id, amount: z.int().positive(), currency, status: z.enum(CHARGE_STATUSES) }),
  }),
});

export const RefundSettled = z.strictObject({
  id,
  type: z.enum(["refund.succeeded", "refund.failed"]),
  created_at: instant,
  data: z.strictObject({ refund: Refund, payment_id: id, charge_id: id, merchant_ref: id }),
});

export const Notification = z.discriminatedUnion("type", [PaymentSucceeded, RefundSettled]);
export type Notification = z.infer<typeof Notification>;

const nullableInstant = instant.nullable();

/** One delivery attempt of an event, as GET /sandbox/events lists it. */
export const Attempt = z.strictObject({
  at: instant,
  webhook_timestamp: z.int().nullable(),
  status_code: z.int().nullable(),
  error: z.string().nullable(),
  signature: z.string(),
  ok: z.boolean(),
  duration_ms: z.number().min(0),
});

/** An event as GET /sandbox/events lists it: its state, the payload it sends and its delivery attempts. */
export const SandboxEvent = z.strictObject({
  id,
  type: z.enum(["payment.succeeded", "refund.succeeded", "refund.failed"]),
  charge_id: id,
  notify_url: z.string(),
  delivery: z.string(),
  state: z.enum(["pending", "delivered", "failed", "dropped"]),
  created_at: instant,
  next_attempt_at: nullableInstant,
  delivered_at: nullableInstant,
  failed_at: nullableInstant,
  payload: Notification,
  attempts: z.array(Attempt),
});
export type SandboxEvent = z.infer<typeof SandboxEvent>;

export const EventList = listOf(SandboxEvent);

/** GET and POST /sandbox/faults: every fault with its current value. */
export const Faults = z.strictObject({
  drop_rate: z.number().min(0).max(1),
  duplicate_rate: z.number().min(0).max(1),
  max_delay_ms: z.int().min(0),
  bad_signature_rate: z.number().min(0).max(1),
  fail_next_refunds: z.int().min(0),
  unavailable_next_calls: z.int().min(0),
});

// The schemas describe what the sandbox's own serializers return, field for field: a field added
// or retyped there without the same change here fails to compile.
type Same<A, B> = [A, B] extends [B, A] ? true : never;
const sameCharge: Same<Charge, ChargeJson> = true;
const sameRefund: Same<Refund, ReturnType<typeof refundJson>> = true;
const sameFaults: Same<z.infer<typeof Faults>, FaultsRow> = true;
void [sameCharge, sameRefund, sameFaults];

/** The payment a payment.succeeded event carries; fails the test for any other event. */
export function paymentOf(event: SandboxEvent): Payment {
  if (event.payload.type !== "payment.succeeded") throw new Error(`${event.id} is a ${event.payload.type} event, not payment.succeeded`);
  return event.payload.data.payment;
}
