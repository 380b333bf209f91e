import { randomInt } from "node:crypto";
import { z } from "zod";
import { chargeJson, expireOverdue, paymentJson, requireCharge, type PaymentRow } from "./charge-store";
import type { Ctx } from "./context";
import { newId, sql } from "./db";
import { ApiError, parseBody } from "./errors";
import { insertEvent } from "./events";
import { json, type ApiRequest, type ApiResponse } from "./http";
import { MAX_AMOUNT } from "./money";

const amount = z
  .int({ error: "must be an integer number of minor units" })
  .positive({ error: "must be greater than 0" })
  .max(MAX_AMOUNT, { error: `must be at most ${MAX_AMOUNT}` });

const delivery = z.union([
  z.enum(["normal", "drop", "duplicate"]),
  z
    .string()
    .regex(/^delay_ms:\d{1,8}$/)
    .refine((s) => Number(s.slice(9)) <= 86_400_000, "delay is at most 86400000 ms"),
], { error: 'must be "normal", "drop", "duplicate" or "delay_ms:N"' });

const SandboxPay = z.object({ amount: amount.optional(), delivery: delivery.optional(), force: z.boolean().optional() }).strict();
const PhonePay = z.object({ amount: amount.optional(), force: z.boolean().optional() }).strict();

interface PayInput {
  amount?: number;
  delivery?: string;
  force?: boolean;
}

/** A customer pays: record the payment, move the charge, store the event — one transaction. */
export function takePayment(ctx: Ctx, chargeId: string, input: PayInput) {
  const result = ctx.db.transaction(() => {
    expireOverdue(ctx);
    const charge = requireCharge(ctx, chargeId);
    if (charge.status !== "pending" && !input.force) {
      throw new ApiError(409, "charge_not_payable", `charge ${chargeId} is ${charge.status}`);
    }
    const payment: PaymentRow = {
      id: newId("pay"),
      charge_id: charge.id,
      amount: input.amount ?? charge.amount,
      currency: charge.currency,
      payer: `wx_***${String(randomInt(10_000)).padStart(4, "0")}`,
      paid_at: ctx.now(),
    };
    sql(ctx.db, "INSERT INTO payments (id, charge_id, amount, currency, payer, paid_at) VALUES (@id, @charge_id, @amount, @currency, @payer, @paid_at)").run(payment);
    // Only a pending charge changes: a forced payment onto an expired or
    // closed charge is recorded but leaves its status as it is.
    sql(
      ctx.db,
      `UPDATE charges SET status = 'succeeded' WHERE id = ? AND status = 'pending'
         AND (SELECT SUM(amount) FROM payments WHERE charge_id = charges.id) >= amount`,
    ).run(charge.id);
    const after = requireCharge(ctx, charge.id);
    const paymentOut = paymentJson(payment, charge.merchant_ref);
    insertEvent(ctx, {
      type: "payment.succeeded",
      chargeId: charge.id,
      notifyUrl: charge.notify_url,
      delivery: input.delivery ?? "normal",
      data: {
        payment: paymentOut,
        charge: { id: after.id, merchant_ref: after.merchant_ref, amount: after.amount, currency: after.currency, status: after.status },
      },
    });
    return { payment: paymentOut, charge: chargeJson(ctx, after) };
  }).immediate();
  ctx.kickNotifier();
  return result;
}

export function sandboxPay(ctx: Ctx, req: ApiRequest): ApiResponse {
  return json(201, takePayment(ctx, req.params.id!, parseBody(SandboxPay, req.body)));
}

/** The phone page's buttons: the customer, not the merchant, so always normal delivery. */
export function phonePay(ctx: Ctx, req: ApiRequest): ApiResponse {
  return json(201, takePayment(ctx, req.params.id!, parseBody(PhonePay, req.body)));
}
