import type { Ctx } from "./context";
import { sql } from "./db";
import { insertEvent } from "./events";
import { rfc3339, rfc3339OrNull } from "./time";

export interface RefundRow {
  id: string;
  payment_id: string;
  merchant_refund_ref: string;
  request_fingerprint: string;
  amount: number;
  currency: string;
  status: "pending" | "succeeded" | "failed";
  failure_reason: string | null;
  reason: string | null;
  fail_on_settle: number;
  settle_at: number;
  created_at: number;
  settled_at: number | null;
}

export function findRefund(ctx: Ctx, id: string): RefundRow | undefined {
  return sql(ctx.db, "SELECT * FROM refunds WHERE id = ?").get(id) as RefundRow | undefined;
}

export function refundJson(r: RefundRow) {
  return {
    id: r.id,
    payment_id: r.payment_id,
    merchant_refund_ref: r.merchant_refund_ref,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    failure_reason: r.failure_reason,
    reason: r.reason,
    created_at: rfc3339(r.created_at),
    settled_at: rfc3339OrNull(r.settled_at),
  };
}

export const FAULT_FAILURE = "simulated failure (fail_next_refunds)";

/**
 * Moves a pending refund to its final state and stores its event, in one
 * transaction guarded by `status = 'pending'`: the settle timer and the
 * `/fail` control can race, and only the first may win.
 * Returns false when the refund was no longer pending.
 */
export function finishRefund(ctx: Ctx, id: string, failureReason: string | null): boolean {
  const done = ctx.db.transaction(() => {
    const now = ctx.now();
    const status = failureReason === null ? "succeeded" : "failed";
    const changed = sql(
      ctx.db,
      "UPDATE refunds SET status = ?, failure_reason = ?, settled_at = ? WHERE id = ? AND status = 'pending'",
    ).run(status, failureReason, now, id).changes;
    if (changed === 0) return false;
    const refund = findRefund(ctx, id)!;
    const charge = sql(
      ctx.db,
      "SELECT c.id, c.merchant_ref, c.notify_url FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.id = ?",
    ).get(refund.payment_id) as { id: string; merchant_ref: string; notify_url: string };
    insertEvent(ctx, {
      type: status === "succeeded" ? "refund.succeeded" : "refund.failed",
      chargeId: charge.id,
      notifyUrl: charge.notify_url,
      delivery: "normal",
      data: { refund: refundJson(refund), payment_id: refund.payment_id, charge_id: charge.id, merchant_ref: charge.merchant_ref },
    });
    return true;
  }).immediate();
  if (done) ctx.kickNotifier();
  return done;
}

/** Called by the settle timer: the outcome was decided when the refund was created. */
export function settleRefund(ctx: Ctx, id: string): void {
  const refund = findRefund(ctx, id);
  if (!refund || refund.status !== "pending") return;
  finishRefund(ctx, id, refund.fail_on_settle ? FAULT_FAILURE : null);
}

export function pendingRefunds(ctx: Ctx): { id: string; settle_at: number }[] {
  return sql(ctx.db, "SELECT id, settle_at FROM refunds WHERE status = 'pending'").all() as {
    id: string;
    settle_at: number;
  }[];
}
