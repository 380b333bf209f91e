import { z } from "zod";
import type { Ctx } from "./context";
import { newId, sql } from "./db";
import { ApiError, notFound, parseBody } from "./errors";
import { takeFailNextRefund } from "./faults";
import { json, type ApiRequest, type ApiResponse } from "./http";
import { MAX_AMOUNT } from "./money";
import { findRefund, finishRefund, refundJson, type RefundRow } from "./refund-store";

const CreateRefund = z
  .object({
    payment_id: z.string().min(1).max(64),
    amount: z
      .int({ error: "must be an integer number of minor units" })
      .positive({ error: "must be greater than 0" })
      .max(MAX_AMOUNT, { error: `must be at most ${MAX_AMOUNT}` }),
    reason: z.string().max(256).nullish(),
  })
  .strict();

const FailRefund = z.object({ reason: z.string().min(1).max(256).optional() }).strict();

// Printable ASCII without spaces: a key must survive logs and CSV untouched.
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,64}$/;

function idempotencyKey(req: ApiRequest): string {
  const key = req.headers["idempotency-key"];
  if (typeof key !== "string" || key === "") {
    throw new ApiError(400, "invalid_request", "the Idempotency-Key header is required");
  }
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw new ApiError(400, "invalid_request", "Idempotency-Key must be 1-64 printable ASCII characters");
  }
  return key;
}

export function createRefund(ctx: Ctx, req: ApiRequest): ApiResponse {
  const key = idempotencyKey(req);
  const input = parseBody(CreateRefund, req.body);
  const fingerprint = JSON.stringify([input.payment_id, input.amount, input.reason ?? null]);
  // Check-and-insert in one synchronous transaction: ten concurrent requests
  // with one key run it one after another, and only the first inserts.
  const out = ctx.db.transaction((): { status: number; refund: RefundRow } => {
    const existing = sql(ctx.db, "SELECT * FROM refunds WHERE merchant_refund_ref = ?").get(key) as RefundRow | undefined;
    if (existing) {
      if (existing.request_fingerprint !== fingerprint) {
        throw new ApiError(409, "idempotency_conflict", `Idempotency-Key ${key} was used for a different refund request`);
      }
      return { status: 200, refund: existing };
    }
    const payment = sql(ctx.db, "SELECT id, amount, currency FROM payments WHERE id = ?").get(input.payment_id) as
      | { id: string; amount: number; currency: string }
      | undefined;
    if (!payment) throw notFound(`payment ${input.payment_id}`);
    const { taken } = sql(
      ctx.db,
      "SELECT COALESCE(SUM(amount), 0) AS taken FROM refunds WHERE payment_id = ? AND status IN ('pending', 'succeeded')",
    ).get(payment.id) as { taken: number };
    const refundable = payment.amount - taken;
    if (input.amount > refundable) {
      throw new ApiError(422, "amount_exceeds_refundable", `only ${refundable} ${payment.currency} of payment ${payment.id} can still be refunded`);
    }
    const now = ctx.now();
    const refund: RefundRow = {
      id: newId("re"),
      payment_id: payment.id,
      merchant_refund_ref: key,
      request_fingerprint: fingerprint,
      amount: input.amount,
      currency: payment.currency,
      status: "pending",
      failure_reason: null,
      reason: input.reason ?? null,
      // The outcome is fixed now, so that a restart cannot change it.
      fail_on_settle: takeFailNextRefund(ctx.db) ? 1 : 0,
      settle_at: now + ctx.refundSettleMs,
      created_at: now,
      settled_at: null,
    };
    sql(
      ctx.db,
      `INSERT INTO refunds (id, payment_id, merchant_refund_ref, request_fingerprint, amount, currency, status, failure_reason, reason, fail_on_settle, settle_at, created_at, settled_at)
       VALUES (@id, @payment_id, @merchant_refund_ref, @request_fingerprint, @amount, @currency, @status, @failure_reason, @reason, @fail_on_settle, @settle_at, @created_at, @settled_at)`,
    ).run(refund);
    return { status: 201, refund };
  }).immediate();
  if (out.status === 201) ctx.scheduleRefund(out.refund.id, out.refund.settle_at);
  return json(out.status, refundJson(out.refund));
}

export function getRefund(ctx: Ctx, req: ApiRequest): ApiResponse {
  const refund = findRefund(ctx, req.params.id!);
  if (!refund) throw notFound(`refund ${req.params.id}`);
  return json(200, refundJson(refund));
}

export function listRefunds(ctx: Ctx, req: ApiRequest): ApiResponse {
  const key = req.query.get("merchant_refund_ref");
  if (key === null || key === "") {
    throw new ApiError(422, "invalid_request", "merchant_refund_ref: query parameter required");
  }
  const rows = sql(ctx.db, "SELECT * FROM refunds WHERE merchant_refund_ref = ?").all(key) as RefundRow[];
  return json(200, { data: rows.map(refundJson) });
}

/** `POST /sandbox/refunds/{id}/fail`: a pending refund fails now. */
export function failRefund(ctx: Ctx, req: ApiRequest): ApiResponse {
  const { reason } = parseBody(FailRefund, req.body);
  const id = req.params.id!;
  if (!findRefund(ctx, id)) throw notFound(`refund ${id}`);
  if (!finishRefund(ctx, id, reason ?? "failed by sandbox control")) {
    throw new ApiError(409, "refund_not_pending", `refund ${id} is no longer pending`);
  }
  return json(200, refundJson(findRefund(ctx, id)!));
}
