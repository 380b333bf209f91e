import { recordAudit } from "@/lib/audit/record-audit";
import type { Tx } from "@/lib/db/client";
import { AppError, isUniqueViolation } from "@/lib/errors";
import type { Payment, Refund } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { LIVE_STATUSES } from "@/lib/orders/order-status";
import { orderTotals } from "@/lib/orders/order-totals";
import type { Ctx } from "@/lib/context";
import { HOLDING_STATUSES, MAX_REFUNDS_PER_PAYMENT, notReleased } from "./refund-rules";
import { inTurn } from "@/lib/db/in-turn";

export type Reservation = {
  payment: Pick<Payment, "id" | "storeId" | "orderId" | "accountId" | "amount" | "currency">;
  amount: number;
  reason: string;
  /** Who asked ("api_key:<id>", "staff:<id>"). */
  requestedBy: string;
  /** The owner who approved ("staff:<id>", or an owner key itself); null when no approval was given. */
  approvedBy: string | null;
  /** The caller's idempotency key, scoped by who asked. */
  requestKey: string;
  /** The discrepancy the refund is issued from, if any: its success resolves it. */
  discrepancyId?: string;
};

/**
 * Reserves a refund: stores its row, with the key Till will send as
 * Idempotency-Key, *before* the provider is called. Every rule is re-checked
 * inside this one transaction — the order is not live (rule 7), at most 50
 * refunds per payment, amount ≤ received − (pending + succeeded), and the
 * approval threshold on the order's refunded-or-pending total — so that no
 * interleaving of requests, cashiers or terminals can refund more than was
 * received.
 *
 * SQLite runs one writer at a time, so the checks cannot interleave there. On
 * PostgreSQL (READ COMMITTED) the two guarded updates below take the order's
 * and the payment's row locks first (always in that order, so two reservations
 * cannot deadlock): a second reservation of the same payment waits there until
 * the first commits, and its sums then include the first one's refund. They
 * are plain Prisma updates, not `SELECT … FOR UPDATE`, which SQLite lacks, so
 * this code runs unchanged on both.
 *
 * Returns the refund already made for the same request key, if any (a retry
 * that raced the first), with `created: false`.
 */
export async function reserveRefund(ctx: Ctx, r: Reservation): Promise<{ refund: Refund; created: boolean }> {
  const at = ctx.now();
  try {
    return await ctx.db.$transaction((tx) => reserveIn(tx, r, at, ctx.sweep.afterS));
  } catch (error) {
    // Two calls with one key at once (PostgreSQL): the unique key let one in; the other answers with its refund.
    if (!isUniqueViolation(error)) throw error;
    const existing = await ctx.db.refund.findUnique({ where: { storeId_requestKey: { storeId: r.payment.storeId, requestKey: r.requestKey } } });
    if (!existing) throw error;
    return { refund: existing, created: false };
  }
}

async function reserveIn(tx: Tx, r: Reservation, at: Date, checkAfterS: number): Promise<{ refund: Refund; created: boolean }> {
  const { payment } = r;
  if (payment.orderId) {
    // Rule 7 re-checked under the order's row lock (the update changes nothing).
    const locked = await tx.order.updateMany({ where: { id: payment.orderId, status: { notIn: [...LIVE_STATUSES] } }, data: { amountRefunding: { increment: 0 } } });
    if (locked.count === 0) throw new AppError("conflict", "The order's QR is still live: cancel the order before refunding");
  }
  // The payment's row lock (the update changes nothing).
  await tx.payment.updateMany({ where: { id: payment.id }, data: { amount: { increment: 0 } } });

  const existing = await tx.refund.findUnique({ where: { storeId_requestKey: { storeId: payment.storeId, requestKey: r.requestKey } } });
  if (existing) return { refund: existing, created: false };

  const count = await tx.refund.count({ where: { paymentId: payment.id, ...notReleased } });
  if (count >= MAX_REFUNDS_PER_PAYMENT) {
    throw new AppError("refund_limit_reached", `This payment already has ${MAX_REFUNDS_PER_PAYMENT} refunds, the most a payment can have`);
  }
  const held = await tx.refund.aggregate({ where: { paymentId: payment.id, status: { in: [...HOLDING_STATUSES] } }, _sum: { amount: true } });
  const refundable = payment.amount - (held._sum.amount ?? 0);
  if (r.amount > refundable) {
    throw new AppError("amount_exceeds_refundable", `Only ${refundable} of this payment can still be refunded`, { extra: { amount_refundable: Math.max(0, refundable) } });
  }
  if (!r.approvedBy && payment.orderId) {
    // The order's refunded-or-pending total after this refund, so that splitting a refund does not dodge approval.
    const orderId = payment.orderId;
    const [order, totals] = await inTurn([() => tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { store: true } }), () => orderTotals(tx, orderId)]);
    const threshold = order.store.refundApprovalThreshold;
    if (totals.refunded + totals.refunding + r.amount > threshold) {
      throw new AppError("approval_required", `Refunds of this order above ${threshold} need an owner's approval: give approver_pin`, { extra: { threshold } });
    }
  }

  const refund = await tx.refund.create({
    data: {
      id: newId("ref"),
      storeId: payment.storeId,
      orderId: payment.orderId,
      paymentId: payment.id,
      accountId: payment.accountId,
      // Fresh per reservation: a released reservation's key is never sent again.
      refundKey: `rf_${newId("ref").slice(4)}`,
      amount: r.amount,
      currency: payment.currency,
      reason: r.reason,
      status: "sending",
      origin: "till",
      requestedBy: r.requestedBy,
      approvedBy: r.approvedBy,
      requestKey: r.requestKey,
      discrepancyId: r.discrepancyId ?? null,
      nextCheckAt: new Date(at.getTime() + checkAfterS * 1000),
      createdAt: at,
    },
  });
  await recordAudit(
    tx,
    { storeId: payment.storeId, actor: r.requestedBy, action: "refund.requested", entityType: "refund", entityId: refund.id, data: { amount: r.amount, reason: r.reason, payment: payment.id, order: payment.orderId, approvedBy: r.approvedBy, ...(r.discrepancyId ? { discrepancy: r.discrepancyId } : {}) } },
    at,
  );
  if (r.approvedBy && r.approvedBy !== r.requestedBy) {
    await recordAudit(tx, { storeId: payment.storeId, actor: r.approvedBy, action: "refund.approved", entityType: "refund", entityId: refund.id, data: { amount: r.amount, requestedBy: r.requestedBy } }, at);
  }
  if (payment.orderId) {
    const totals = await orderTotals(tx, payment.orderId);
    await tx.order.update({ where: { id: payment.orderId }, data: { amountRefunding: totals.refunding, amountRefunded: totals.refunded } });
  }
  return { refund, created: true };
}
