import { z } from "zod";
import type { ProviderChargeStatus, ProviderPayment, ProviderRefund, ProviderRefundStatus } from "@/lib/providers/types";
import { parseRfc3339 } from "./time";

const rfc3339 = z.string().refine((t) => parseRfc3339(t) !== null, "an RFC 3339 time");
const fen = z.int().nonnegative();

/** A transaction as APIv3 answers a query and as a TRANSACTION.* notification carries it (plaintext). */
export const wireTransaction = z.object({
  out_trade_no: z.string().min(1).max(32),
  transaction_id: z.string().min(1).max(32).optional(),
  trade_state: z.enum(["SUCCESS", "REFUND", "NOTPAY", "CLOSED", "REVOKED", "USERPAYING", "PAYERROR"]),
  success_time: rfc3339.optional(),
  payer: z.object({ openid: z.string().max(128).optional() }).optional(),
  amount: z.object({ total: fen.optional(), payer_total: fen.optional(), currency: z.string().length(3).optional() }).optional(),
});
export type WireTransaction = z.infer<typeof wireTransaction>;

/** A refund as APIv3 answers a refund or its query. */
export const wireRefund = z.object({
  refund_id: z.string().min(1).max(32),
  out_refund_no: z.string().min(1).max(64),
  transaction_id: z.string().min(1).max(32),
  out_trade_no: z.string().min(1).max(32),
  status: z.enum(["SUCCESS", "CLOSED", "PROCESSING", "ABNORMAL"]),
  success_time: rfc3339.optional(),
  amount: z.object({ refund: fen, total: fen, currency: z.string().length(3).default("CNY") }),
});
export type WireRefund = z.infer<typeof wireRefund>;

/** A refund as a REFUND.* notification carries it (plaintext): `refund_status`, and no currency. */
export const wireRefundNotice = wireRefund
  .omit({ status: true, amount: true })
  .extend({ refund_status: wireRefund.shape.status, amount: z.object({ refund: fen, total: fen }) });

/**
 * trade_state → Till's view. REFUND means it was paid (and a refund began);
 * NOTPAY and USERPAYING (the payer is still confirming) may still be paid;
 * CLOSED, REVOKED and PAYERROR can no longer be.
 */
export const TRADE_STATE: Record<WireTransaction["trade_state"], ProviderChargeStatus> = {
  SUCCESS: "succeeded",
  REFUND: "succeeded",
  NOTPAY: "pending",
  USERPAYING: "pending",
  CLOSED: "closed",
  REVOKED: "closed",
  PAYERROR: "closed",
};

/**
 * Refund status → Till's. ABNORMAL (the money could not reach the payer, e.g. a
 * closed card) is failed: it needs the merchant in WeChat's portal, and the
 * owner sees a failed refund rather than one pending for ever.
 */
export const REFUND_STATUS: Record<WireRefund["status"], ProviderRefundStatus> = {
  SUCCESS: "succeeded",
  PROCESSING: "pending",
  CLOSED: "failed",
  ABNORMAL: "failed",
};

/** The payment a paid transaction is; null when it is not (yet) paid or lacks what a payment needs. */
export function paymentOf(t: WireTransaction): ProviderPayment | null {
  if ((t.trade_state !== "SUCCESS" && t.trade_state !== "REFUND") || !t.transaction_id || !t.success_time || t.amount?.total === undefined) return null;
  return {
    providerPaymentId: t.transaction_id,
    // WeChat Pay has no charge id apart from the merchant's out_trade_no.
    providerChargeId: t.out_trade_no,
    merchantRef: t.out_trade_no,
    amount: t.amount.total,
    currency: t.amount.currency ?? "CNY",
    payer: t.payer?.openid ?? null,
    paidAt: parseRfc3339(t.success_time)!,
  };
}

export function refundOf(r: { refund_id: string; out_refund_no: string; transaction_id: string; status: WireRefund["status"]; success_time?: string; amount: { refund: number; currency?: string } }): ProviderRefund {
  const status = REFUND_STATUS[r.status];
  return {
    providerRefundId: r.refund_id,
    providerPaymentId: r.transaction_id,
    refundKey: r.out_refund_no,
    amount: r.amount.refund,
    currency: r.amount.currency ?? "CNY",
    status,
    failureReason: status === "failed" ? r.status : null,
    settledAt: r.success_time ? parseRfc3339(r.success_time) : null,
  };
}
