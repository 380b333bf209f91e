import { recordAudit } from "@/lib/audit/record-audit";
import { prismaTx, type SqlTx } from "@/lib/db/sql-tx";
import { decodeRow } from "@/lib/db/decode-row";
import { newId } from "@/lib/ids";
import { applyDeferredRefunds } from "@/lib/notifications/apply-deferred-refunds";
import { endOrder } from "@/lib/orders/end-order";
import { isLatePayment, isLive } from "@/lib/orders/order-status";
import type { Order, ProviderAccount } from "@/lib/generated/prisma/client";
import type { ProviderPayment } from "@/lib/providers/types";
import { openDiscrepancy } from "@/lib/reconciliation/open-discrepancy";
import { applyPaymentToOrder } from "./apply-payment-to-order";
import { lockRows } from "@/lib/db/lock-rows";

export type PaymentSource = "notification" | "query" | "statement";

export type RecordedPayment =
  | { recorded: false }
  | {
      recorded: true;
      paymentId: string;
      orderId: string | null;
      storeId: string;
      status: string | null;
      /** The order is over (paid, or ended by this late payment): its charge should stop taking money. */
      closeCharge: boolean;
      /** The order's merchant_ref at the provider, when known: the charge to close. */
      providerRef?: string;
    };

/**
 * Records one payment the provider took, inside the caller's transaction, and
 * applies the order rules of pos-api.md. Dedupe is the unique constraint on
 * (provider account, provider payment id): the same payment learned twice — by
 * a repeated notification, a check, the sweeper or a statement, through any
 * store's connection to that account — is a no-op.
 *
 * The payment lands on the store whose order's charge it concerns; a
 * merchant_ref that names no order charged through this account (none at all,
 * or another account's) is an unknown_order on the account's own store.
 */
export async function recordPayment(
  tx: SqlTx,
  input: {
    account: Pick<ProviderAccount, "id" | "storeId">;
    payment: ProviderPayment;
    source: PaymentSource;
    /** The staff member or key whose "customer says paid" check found the payment. */
    checkedBy?: string;
    at: Date;
  },
): Promise<RecordedPayment> {
  const { account, payment: p, source, at } = input;
  let order = await orderChargedThrough(tx, account.id, p.merchantRef);
  // PostgreSQL: the order's row lock, then its state as the last transaction on it left it.
  if (order && (await lockRows(tx, "Order", [order.id]))) order = await orderById(tx, order.id);
  // A payment made after the order's expiry finds it expired (rule 4), whether
  // or not the sweeper has reached it yet: end it first, in this transaction.
  let endedNow = false;
  if (order && isLive(order.status) && p.paidAt.getTime() > order.expiresAt.getTime()) {
    endedNow = await endOrder(prismaTx(tx, "a payment after its order's expiry ends the order first"), order.id, "expired", "system", at);
    order = await orderById(tx, order.id);
  }
  const storeId = order?.storeId ?? account.storeId;
  const late = order ? isLatePayment(order, p.paidAt) : false;
  const id = newId("pay");
  const inserted = await tx.$executeRaw`
    INSERT INTO "Payment" ("id", "storeId", "orderId", "accountId", "providerPaymentId", "providerChargeId",
      "merchantRef", "amount", "currency", "payer", "paidAt", "recordedAt", "source", "late")
    VALUES (${id}, ${storeId}, ${order?.id ?? null}, ${account.id}, ${p.providerPaymentId}, ${p.providerChargeId},
      ${p.merchantRef}, ${p.amount}, ${p.currency}, ${p.payer}, ${p.paidAt}, ${at}, ${source}, ${late})
    ON CONFLICT ("accountId", "providerPaymentId") DO NOTHING`;
  if (inserted === 0) return { recorded: false };

  const actor = `provider:${account.id}`;
  await recordAudit(
    tx,
    { storeId, actor, action: "payment.recorded", entityType: "payment", entityId: id, data: { source, amount: p.amount, late } },
    at,
  );
  if (!order) {
    const base = { storeId, paymentId: id, currency: p.currency, actualAmount: p.amount };
    if (source !== "notification") {
      await openDiscrepancy(tx, { ...base, type: "unnotified_payment", dedupeKey: `payment:${id}:unnotified` }, actor, at);
    }
    await openDiscrepancy(tx, { ...base, type: "unknown_order", dedupeKey: `payment:${id}:unknown_order` }, actor, at);
    await applyDeferredRefunds(tx, account.id, p.providerPaymentId, at);
    return { recorded: true, paymentId: id, orderId: null, storeId, status: null, closeCharge: false };
  }

  const applied = await applyPaymentToOrder(tx, { order, paymentId: id, late, source, currency: p.currency, actor, checkedBy: input.checkedBy, at });
  // A refund that arrived before this payment moves the order again; only then is its status read back.
  const refunds = await applyDeferredRefunds(tx, account.id, p.providerPaymentId, at);
  const status = refunds === 0 ? applied.status : (await orderById(tx, order.id)).status;
  // Rule 3 closes the charge of an order that became paid. One that has taken its whole amount has succeeded at
  // the provider, which refuses to close it (409 charge_succeeded): only one paid within the store's tolerance is
  // still taking payments, and is closed (and so is an order this late payment ended).
  const closeCharge = endedNow || (applied.becamePaid && (await takenThroughCharge(tx, order.id, p.providerChargeId)) < order.amount);
  return { recorded: true, paymentId: id, orderId: order.id, storeId, status, closeCharge, providerRef: order.providerRef };
}

/**
 * The order a merchant_ref names, if its charge was made through a connection
 * to this account: one statement on the notification path (Prisma's client
 * needed three), decoded as Prisma would return the row (lib/db/decode-row.ts).
 */
async function orderChargedThrough(tx: SqlTx, accountId: string, merchantRef: string): Promise<Order | null> {
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>`
    SELECT o.* FROM "Order" o
    JOIN "Charge" c ON c."orderId" = o."id"
    JOIN "ProviderConnection" pc ON pc."id" = c."connectionId"
    WHERE o."providerRef" = ${merchantRef} AND pc."accountId" = ${accountId}`;
  return row ? decodeRow<Order>(tx, "Order", row) : null;
}

/** The order as the transaction sees it now. */
async function orderById(tx: SqlTx, orderId: string): Promise<Order> {
  const [row] = await tx.$queryRaw<Record<string, unknown>[]>`SELECT * FROM "Order" WHERE "id" = ${orderId}`;
  if (!row) throw new Error(`Order ${orderId} is gone`);
  return decodeRow<Order>(tx, "Order", row);
}

/** What the order's provider charge has taken, by Till's payment rows. */
async function takenThroughCharge(tx: SqlTx, orderId: string, providerChargeId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ taken: unknown }[]>`
    SELECT COALESCE(SUM("amount"), 0) AS "taken" FROM "Payment" WHERE "orderId" = ${orderId} AND "providerChargeId" = ${providerChargeId}`;
  return Number(row?.taken ?? 0);
}
