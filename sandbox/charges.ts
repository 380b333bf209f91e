import { z } from "zod";
import { chargeJson, expireOverdue, findChargeByRef, requireCharge, type ChargeRow } from "./charge-store";
import type { Ctx } from "./context";
import { isCurrency } from "./currencies";
import { newId, sql } from "./db";
import { ApiError, parseBody } from "./errors";
import { json, type ApiRequest, type ApiResponse } from "./http";
import { MAX_AMOUNT } from "./money";

export const MERCHANT_REF = /^[0-9A-Za-z_-]{1,64}$/;

const CreateCharge = z
  .object({
    merchant_ref: z.string().regex(MERCHANT_REF, "must be 1-64 characters of 0-9 A-Z a-z _ -"),
    amount: z
      .int({ error: "must be an integer number of minor units" })
      .positive({ error: "must be greater than 0" })
      .max(MAX_AMOUNT, { error: `must be at most ${MAX_AMOUNT}` }),
    currency: z.string().refine(isCurrency, "must be an ISO 4217 currency code such as CNY or USD"),
    description: z.string().max(256).nullish(),
    expires_at: z.iso.datetime({ offset: true, error: "must be an RFC 3339 time such as 2026-11-22T08:30:00Z" }),
    notify_url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
  })
  .strict();

export function createCharge(ctx: Ctx, req: ApiRequest): ApiResponse {
  const input = parseBody(CreateCharge, req.body);
  // Whole seconds: the protocol's times have no fractions, and what a client
  // reads back must be exactly what is enforced.
  const expiresAt = Math.floor(Date.parse(input.expires_at) / 1000) * 1000;
  return ctx.db.transaction(() => {
    expireOverdue(ctx);
    const existing = findChargeByRef(ctx, input.merchant_ref);
    // Idempotency is checked before the expiry rule: a merchant retrying a
    // create after its charge expired must still get the charge back.
    if (existing) {
      if (existing.amount !== input.amount || existing.currency !== input.currency) {
        throw new ApiError(
          409,
          "merchant_ref_conflict",
          `merchant_ref ${input.merchant_ref} already belongs to a charge of ${existing.amount} ${existing.currency}`,
        );
      }
      return json(200, chargeJson(ctx, existing));
    }
    const now = ctx.now();
    if (expiresAt <= now) throw new ApiError(422, "invalid_request", "expires_at: must be in the future");
    const row: ChargeRow = {
      id: newId("ch"),
      merchant_ref: input.merchant_ref,
      amount: input.amount,
      currency: input.currency,
      description: input.description ?? null,
      notify_url: input.notify_url,
      status: "pending",
      expires_at: expiresAt,
      created_at: now,
    };
    sql(
      ctx.db,
      `INSERT INTO charges (id, merchant_ref, amount, currency, description, notify_url, status, expires_at, created_at)
       VALUES (@id, @merchant_ref, @amount, @currency, @description, @notify_url, @status, @expires_at, @created_at)`,
    ).run(row);
    return json(201, chargeJson(ctx, row));
  }).immediate();
}

export function getCharge(ctx: Ctx, req: ApiRequest): ApiResponse {
  return ctx.db.transaction(() => {
    expireOverdue(ctx);
    return json(200, chargeJson(ctx, requireCharge(ctx, req.params.id!)));
  }).immediate();
}

export function listCharges(ctx: Ctx, req: ApiRequest): ApiResponse {
  const ref = req.query.get("merchant_ref");
  if (ref === null || !MERCHANT_REF.test(ref)) {
    throw new ApiError(422, "invalid_request", "merchant_ref: query parameter required, 1-64 characters of 0-9 A-Z a-z _ -");
  }
  return ctx.db.transaction(() => {
    expireOverdue(ctx);
    const row = findChargeByRef(ctx, ref);
    return json(200, { data: row ? [chargeJson(ctx, row)] : [] });
  }).immediate();
}

/** Close (merchant) and expire (sandbox control) share their rules: only a pending charge moves. */
function endCharge(ctx: Ctx, id: string, to: "closed" | "expired"): ApiResponse {
  return ctx.db.transaction(() => {
    expireOverdue(ctx);
    const row = requireCharge(ctx, id);
    if (row.status === "succeeded") {
      throw new ApiError(409, "charge_succeeded", `charge ${id} is already paid; refund it instead`);
    }
    if (row.status === "pending") {
      // Expiring "now" also moves expires_at, so the charge reads consistently.
      const expiresAt = to === "expired" ? Math.min(row.expires_at, Math.floor(ctx.now() / 1000) * 1000) : row.expires_at;
      sql(ctx.db, "UPDATE charges SET status = ?, expires_at = ? WHERE id = ?").run(to, expiresAt, id);
    }
    return json(200, chargeJson(ctx, requireCharge(ctx, id)));
  }).immediate();
}

export const closeCharge = (ctx: Ctx, req: ApiRequest) => endCharge(ctx, req.params.id!, "closed");
export const expireCharge = (ctx: Ctx, req: ApiRequest) => endCharge(ctx, req.params.id!, "expired");
