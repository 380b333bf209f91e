import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { Discrepancy } from "@/lib/generated/prisma/client";
import { endOrder } from "@/lib/orders/end-order";
import { isLatePayment, isLive } from "@/lib/orders/order-status";
import { applyPaymentToOrder } from "@/lib/payments/apply-payment-to-order";
import type { PaymentSource } from "@/lib/payments/record-payment";
import { accountOfConnection } from "@/lib/providers/account-of-connection";
import { isAllowedResolution, RESOLUTIONS_BY_TYPE, type Resolution } from "./discrepancy-resolutions";
import { discrepancyTypeOf, type DiscrepancyType } from "./discrepancy-types";
import { refundDue } from "./refund-due";
import { lockRows } from "@/lib/db/lock-rows";

export type ResolveDiscrepancyInput = { actor: Actor; discrepancyId: string; resolution: Resolution; note: string; orderId?: string };

type OrderChange = { orderId: string; storeId: string; status: string; closeCharge: boolean };

/**
 * Resolves an open discrepancy with a resolution its type allows (422
 * otherwise) and a note; who and when are recorded, with an audit event.
 * Resolving never moves money: `refunded` is accepted only once succeeded
 * refunds cover what had to go back, and a refund is issued through the
 * refund flow, not here. Two resolutions change an order by the order rules:
 * `linked` moves an unknown_order payment onto an order of the store and
 * applies it there; `accepted` on a late_payment makes its order paid.
 * The Reconciliation page calls this too.
 */
export async function resolveDiscrepancy(ctx: Ctx, input: ResolveDiscrepancyInput): Promise<Discrepancy> {
  const note = input.note.trim();
  if (!note) throw new AppError("invalid_request", "note: say why", { errors: [{ path: "note", message: "required" }] });
  const at = ctx.now();
  const by = actorRef(input.actor);
  const { discrepancy, change } = await ctx.db.$transaction(async (tx) => {
    const d = await tx.discrepancy.findFirst({ where: { id: input.discrepancyId, storeId: input.actor.storeId } });
    if (!d) throw new AppError("not_found", "No such discrepancy in this store");
    if (d.status !== "open") throw new AppError("conflict", `This discrepancy is already resolved (${d.resolution ?? "resolved"})`);
    const type = discrepancyTypeOf(d);
    if (!isAllowedResolution(type, input.resolution)) {
      throw new AppError("invalid_request", `resolution: a ${type} can be resolved ${RESOLUTIONS_BY_TYPE[type].join(", ")}`, { errors: [{ path: "resolution", message: `not allowed for ${type}` }] });
    }
    if (input.resolution === "linked" && !input.orderId) throw new AppError("invalid_request", "order_id: required to link", { errors: [{ path: "order_id", message: "required when resolution is linked" }] });
    if (input.resolution !== "linked" && input.orderId !== undefined) throw new AppError("invalid_request", "order_id: only with resolution linked", { errors: [{ path: "order_id", message: "only with resolution linked" }] });

    let change: OrderChange | null = null;
    if (input.resolution === "linked") change = await linkPayment(tx, d, input.orderId!, by, at);
    if (input.resolution === "accepted" && type === "late_payment") change = await acceptLatePayment(tx, d, by, at);
    if (input.resolution === "refunded") await requireRefundsCover(tx, d, type);

    const updated = await tx.discrepancy.updateMany({
      where: { id: d.id, status: "open" },
      data: { status: "resolved", resolution: input.resolution, resolvedBy: by, resolvedAt: at, note, ...(change && input.resolution === "linked" ? { orderId: change.orderId } : {}) },
    });
    if (updated.count === 0) throw new AppError("conflict", "This discrepancy was resolved meanwhile");
    await recordAudit(
      tx,
      { storeId: d.storeId, actor: by, action: "discrepancy.resolved", entityType: "discrepancy", entityId: d.id, data: { type, resolution: input.resolution, note, ...(input.orderId ? { orderId: input.orderId } : {}) } },
      at,
    );
    return { discrepancy: await tx.discrepancy.findUniqueOrThrow({ where: { id: d.id } }), change };
  });
  if (change) await afterOrderChanged(ctx, change);
  return discrepancy;
}

/** `linked`: the unknown_order payment (and its refunds) move onto an order of the store, and the order rules apply to it there. */
async function linkPayment(tx: Tx, d: Discrepancy, orderId: string, by: string, at: Date): Promise<OrderChange> {
  const payment = d.paymentId ? await tx.payment.findUnique({ where: { id: d.paymentId } }) : null;
  if (!payment) throw new AppError("conflict", "This finding has no payment to link");
  if (payment.orderId !== null) throw new AppError("conflict", "The payment is on an order already");
  await lockRows(tx, "Order", [orderId]);
  let order = await tx.order.findFirst({ where: { id: orderId, storeId: d.storeId } });
  if (!order) throw new AppError("not_found", "No such order in this store", { errors: [{ path: "order_id", message: "no such order" }] });
  // As when a payment arrives: one made after the order's expiry finds it expired (rule 4).
  let endedNow = false;
  if (isLive(order.status) && payment.paidAt.getTime() > order.expiresAt.getTime()) {
    endedNow = await endOrder(tx, order.id, "expired", by, at);
    order = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
  }
  const late = isLatePayment(order, payment.paidAt);
  await tx.payment.update({ where: { id: payment.id }, data: { orderId: order.id, late } });
  await tx.refund.updateMany({ where: { paymentId: payment.id }, data: { orderId: order.id } });
  await recordAudit(tx, { storeId: d.storeId, actor: by, action: "payment.linked", entityType: "payment", entityId: payment.id, data: { orderId: order.id, late } }, at);
  const { becamePaid } = await applyPaymentToOrder(tx, { order, paymentId: payment.id, late, source: payment.source as PaymentSource, currency: payment.currency, actor: by, at });
  const after = await tx.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
  return { orderId: order.id, storeId: order.storeId, status: after.status, closeCharge: becamePaid || endedNow };
}

/** `accepted` on a late_payment: the owner keeps the money, so the order is paid (rule 4). */
async function acceptLatePayment(tx: Tx, d: Discrepancy, by: string, at: Date): Promise<OrderChange | null> {
  if (!d.orderId) return null;
  await lockRows(tx, "Order", [d.orderId]);
  const order = await tx.order.findUniqueOrThrow({ where: { id: d.orderId } });
  if (order.status !== "expired" && order.status !== "cancelled") return null;
  const payment = d.paymentId ? await tx.payment.findUnique({ where: { id: d.paymentId }, select: { paidAt: true } }) : null;
  const updated = await tx.order.updateMany({ where: { id: order.id, status: order.status }, data: { status: "paid", paidAt: order.paidAt ?? payment?.paidAt ?? at } });
  if (updated.count === 0) throw new AppError("conflict", "The order changed meanwhile; try again");
  await recordAudit(tx, { storeId: order.storeId, actor: by, action: "order.status_changed", entityType: "order", entityId: order.id, data: { from: order.status, to: "paid", discrepancy: d.id } }, at);
  return { orderId: order.id, storeId: order.storeId, status: "paid", closeCharge: false };
}

/** `refunded` only once succeeded refunds cover what had to go back (Refund rows with status succeeded); 409 until then. */
async function requireRefundsCover(tx: Tx, d: Discrepancy, type: DiscrepancyType): Promise<void> {
  const owed = await refundDue(tx, d, type);
  if (!owed) throw new AppError("conflict", "This finding has no payment or order that could have been refunded");
  if (owed.covered < owed.due) throw notCovered(owed.due, owed.covered);
}

function notCovered(due: number, refunded: number): AppError {
  return new AppError("conflict", `Refunds cover ${refunded} of the ${due} to return; refund the rest first (resolving never moves money)`);
}

/** After the commit: tell live screens, and close the charge of an order that became paid (rule 3). */
async function afterOrderChanged(ctx: Ctx, change: OrderChange): Promise<void> {
  ctx.bus.publish({ type: "order.changed", orderId: change.orderId, storeId: change.storeId, status: change.status });
  if (!change.closeCharge) return;
  const order = await ctx.db.order.findUnique({ where: { id: change.orderId }, select: { providerRef: true, charge: { select: { connectionId: true } } } });
  const account = await accountOfConnection(ctx.db, order?.charge?.connectionId);
  if (order && account) ctx.provider(account).closeCharge(order.providerRef).catch(() => undefined);
}
