import type { Discrepancy } from "@/lib/generated/prisma/client";

/** The Discrepancy object of API v1 (pos-api.md). */
export function discrepancyJson(d: Discrepancy) {
  return {
    id: d.id,
    type: d.type,
    status: d.status,
    order_id: d.orderId,
    payment_id: d.paymentId,
    refund_id: d.refundId,
    statement_line: d.statementLineId,
    expected_amount: d.expectedAmount,
    actual_amount: d.actualAmount,
    currency: d.currency,
    detected_at: d.detectedAt.toISOString(),
    resolution: d.resolution,
    resolved_by: d.resolvedBy,
    resolved_at: d.resolvedAt ? d.resolvedAt.toISOString() : null,
    note: d.note,
  };
}

export type DiscrepancyJson = ReturnType<typeof discrepancyJson>;
