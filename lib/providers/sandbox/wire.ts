import { z } from "zod";
import type { ProviderCharge, ProviderPayment, ProviderRefund } from "@/lib/providers/types";

/** Sandbox Pay's JSON objects (provider-protocol.md), parsed loosely: extra fields are the provider's business. */
export const wirePayment = z.object({
  id: z.string().min(1).max(64),
  charge_id: z.string().min(1).max(64),
  merchant_ref: z.string().min(1).max(64),
  amount: z.int().positive(),
  currency: z.string().length(3),
  payer: z.string().nullish(),
  paid_at: z.iso.datetime({ offset: true }),
});

export const wireCharge = z.object({
  id: z.string(),
  merchant_ref: z.string(),
  amount: z.int(),
  currency: z.string(),
  status: z.enum(["pending", "succeeded", "expired", "closed"]),
  qr_content: z.string(),
  expires_at: z.iso.datetime({ offset: true }),
  payments: z.array(wirePayment).default([]),
});

export const wireRefund = z.object({
  id: z.string().min(1).max(64),
  payment_id: z.string().min(1).max(64),
  merchant_refund_ref: z.string().min(1).max(64),
  amount: z.int().positive(),
  currency: z.string().length(3),
  status: z.enum(["pending", "succeeded", "failed"]),
  failure_reason: z.string().nullish(),
  settled_at: z.iso.datetime({ offset: true }).nullish(),
});

export function toPayment(p: z.infer<typeof wirePayment>): ProviderPayment {
  return {
    providerPaymentId: p.id,
    providerChargeId: p.charge_id,
    merchantRef: p.merchant_ref,
    amount: p.amount,
    currency: p.currency,
    payer: p.payer ?? null,
    paidAt: new Date(p.paid_at),
  };
}

export function toCharge(c: z.infer<typeof wireCharge>): ProviderCharge {
  return {
    providerChargeId: c.id,
    merchantRef: c.merchant_ref,
    amount: c.amount,
    currency: c.currency,
    status: c.status,
    qrContent: c.qr_content,
    expiresAt: new Date(c.expires_at),
    payments: c.payments.map(toPayment),
  };
}

export function toRefund(r: z.infer<typeof wireRefund>): ProviderRefund {
  return {
    providerRefundId: r.id,
    providerPaymentId: r.payment_id,
    refundKey: r.merchant_refund_ref,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    failureReason: r.failure_reason ?? null,
    settledAt: r.settled_at ? new Date(r.settled_at) : null,
  };
}
