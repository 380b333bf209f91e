/**
 * Helpers for the reconciliation tests: payments recorded on chosen days (each
 * test takes its own UTC day, so one test's statement never covers another's
 * payments), crafted statement files, and importing them as the API does.
 */
import { randomBytes } from "node:crypto";
import { actorRef } from "@/lib/context";
import { newId } from "@/lib/ids";
import { recordPayment } from "@/lib/payments/record-payment";
import { SANDBOX_ACCOUNT_ID } from "@/lib/stores/seed-demo-store";
import type { Harness } from "@/test/harness";
import { importStatement } from "./import-statement";

export const HEADER = "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency";

/** 0.6 % rounded half-up, as Sandbox Pay books it. */
export const feeOf = (amount: number) => Math.floor((amount * 6 + 500) / 1000);

export type Movement = { time: string; type?: "PAYMENT" | "REFUND"; chargeId: string; merchantRef: string; paymentId: string; refundId?: string; amount: number; currency?: string };

export function line(m: Movement): string {
  const type = m.type ?? "PAYMENT";
  const fee = type === "PAYMENT" ? feeOf(m.amount) : 0;
  const net = type === "PAYMENT" ? m.amount - fee : -m.amount;
  return [m.time, type, m.chargeId, m.merchantRef, m.paymentId, m.refundId ?? "", m.amount, fee, net, m.currency ?? "CNY"].join(",");
}

/** A statement file: `# period:` (a whole day unless `end` is given), the header, the lines. */
export function statement(day: string, lines: string[], end?: string): string {
  const start = `${day}T00:00:00Z`;
  const to = end ?? new Date(Date.parse(start) + 86_400_000).toISOString().replace(".000Z", "Z");
  return [`# period: ${start}/${to}`, HEADER, ...lines].map((l) => `${l}\n`).join("");
}

/** A text's bytes in small chunks, as a slow upload would deliver them (lines and characters straddle chunks). */
export async function* bytes(text: string, chunk = 7): AsyncGenerator<Uint8Array> {
  const all = Buffer.from(text);
  for (let i = 0; i < all.length; i += chunk) {
    await Promise.resolve();
    yield all.subarray(i, i + chunk);
  }
}

export const rand = (prefix: string) => `${prefix}_t${randomBytes(6).toString("hex")}`;

export function reconciliationHelpers(h: () => Harness) {
  const account = () => h().ctx.db.providerAccount.findUniqueOrThrow({ where: { id: SANDBOX_ACCOUNT_ID } });

  /** Imports a statement's text as the owner, in small chunks (so that lines straddle chunks). */
  const importText = async (text: string, date?: string) =>
    importStatement(h().ctx, { storeId: h().owner.storeId, account: await account(), importedBy: actorRef(h().owner), body: bytes(text, 13), date });

  /** An order (its charge open at Sandbox Pay) and, unless `record: false`, a payment Till recorded at `paidAt`. */
  const paidOrder = async (amount: number, paidAt: string, options: { paid?: number; source?: "notification" | "query"; record?: boolean } = {}) => {
    const { orderId, chargeId, order } = await h().newOrder(amount);
    const providerPaymentId = rand("pay");
    let paymentId: string | null = null;
    if (options.record !== false) {
      const payment = { providerPaymentId, providerChargeId: chargeId, merchantRef: order.providerRef, amount: options.paid ?? amount, currency: "CNY", payer: null, paidAt: new Date(paidAt) };
      const a = await account();
      const result = await h().ctx.db.$transaction((tx) => recordPayment(tx, { account: a, payment, source: options.source ?? "notification", at: new Date() }));
      if (!result.recorded) throw new Error("payment not recorded");
      paymentId = result.paymentId;
    }
    const movement: Movement = { time: paidAt, chargeId, merchantRef: order.providerRef, paymentId: providerPaymentId, amount: options.paid ?? amount };
    return { orderId, chargeId, providerRef: order.providerRef, providerPaymentId, paymentId, movement };
  };

  /** A succeeded (or other) refund row as the refund service leaves it. */
  const refundRow = async (p: { orderId: string; paymentId: string }, amount: number, settledAt: string, status = "succeeded") => {
    const providerRefundId = rand("re");
    const id = newId("ref");
    await h().ctx.db.refund.create({
      data: { id, storeId: h().owner.storeId, orderId: p.orderId, paymentId: p.paymentId, accountId: SANDBOX_ACCOUNT_ID, providerRefundId, refundKey: rand("rk"), amount, currency: "CNY", reason: "test", status, createdAt: new Date(settledAt), settledAt: status === "succeeded" ? new Date(settledAt) : null },
    });
    return { id, providerRefundId };
  };

  const discrepanciesOf = (where: { orderId?: string; paymentId?: string; refundId?: string; statementLineId?: { not: null } }) =>
    h().ctx.db.discrepancy.findMany({ where, orderBy: { id: "asc" } });

  return { account, importText, paidOrder, refundRow, discrepanciesOf };
}
