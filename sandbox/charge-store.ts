import type { Ctx } from "./context";
import { sql } from "./db";
import { notFound } from "./errors";
import { rfc3339 } from "./time";

export type ChargeStatus = "pending" | "succeeded" | "expired" | "closed";

export interface ChargeRow {
  id: string;
  merchant_ref: string;
  amount: number;
  currency: string;
  description: string | null;
  notify_url: string;
  status: ChargeStatus;
  expires_at: number;
  created_at: number;
}

export interface PaymentRow {
  id: string;
  charge_id: string;
  amount: number;
  currency: string;
  payer: string;
  paid_at: number;
}

/**
 * Expiry is applied lazily but durably: every charge read or write first
 * turns overdue pending charges into `expired` in the same transaction, so
 * what a client sees and what the database says never disagree.
 */
export function expireOverdue(ctx: Ctx): void {
  sql(ctx.db, "UPDATE charges SET status = 'expired' WHERE status = 'pending' AND expires_at <= ?").run(
    ctx.now(),
  );
}

export function findCharge(ctx: Ctx, id: string): ChargeRow | undefined {
  return sql(ctx.db, "SELECT * FROM charges WHERE id = ?").get(id) as ChargeRow | undefined;
}

export function findChargeByRef(ctx: Ctx, merchantRef: string): ChargeRow | undefined {
  return sql(ctx.db, "SELECT * FROM charges WHERE merchant_ref = ?").get(merchantRef) as ChargeRow | undefined;
}

export function requireCharge(ctx: Ctx, id: string): ChargeRow {
  const row = findCharge(ctx, id);
  if (!row) throw notFound(`charge ${id}`);
  return row;
}

export function paymentsOf(ctx: Ctx, chargeId: string): PaymentRow[] {
  return sql(ctx.db, "SELECT * FROM payments WHERE charge_id = ? ORDER BY paid_at, id").all(chargeId) as PaymentRow[];
}

export function paymentJson(p: PaymentRow, merchantRef: string) {
  return {
    id: p.id,
    charge_id: p.charge_id,
    merchant_ref: merchantRef,
    amount: p.amount,
    currency: p.currency,
    payer: p.payer,
    paid_at: rfc3339(p.paid_at),
  };
}

/** The protocol's Charge object; `amount_received` is derived from the payment rows. */
export function chargeJson(ctx: Ctx, row: ChargeRow) {
  const payments = paymentsOf(ctx, row.id);
  return {
    id: row.id,
    merchant_ref: row.merchant_ref,
    amount: row.amount,
    currency: row.currency,
    description: row.description,
    status: row.status,
    qr_content: `${ctx.publicUrl}/pay/${row.id}`,
    amount_received: payments.reduce((sum, p) => sum + p.amount, 0),
    payments: payments.map((p) => paymentJson(p, row.merchant_ref)),
    expires_at: rfc3339(row.expires_at),
    created_at: rfc3339(row.created_at),
  };
}

export type Charge = ReturnType<typeof chargeJson>;
