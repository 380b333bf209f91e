import type { Discrepancy } from "@/lib/generated/prisma/client";
import { DiscrepancyStatusSchema, DiscrepancyTypeSchema, ResolutionSchema, type DiscrepancyResponse } from "./discrepancy-response";

/**
 * The Discrepancy object of API v1 (pos-api.md), typed against the schema
 * openapi.json is generated from. The database keeps type, status and
 * resolution as plain strings; parsing them surfaces a bad row instead of
 * publishing a value the API does not describe.
 */
export function discrepancyJson(d: Discrepancy): DiscrepancyResponse {
  return {
    id: d.id,
    type: DiscrepancyTypeSchema.parse(d.type),
    status: DiscrepancyStatusSchema.parse(d.status),
    order_id: d.orderId,
    payment_id: d.paymentId,
    refund_id: d.refundId,
    statement_line: d.statementLineId,
    expected_amount: d.expectedAmount,
    actual_amount: d.actualAmount,
    currency: d.currency,
    detected_at: d.detectedAt.toISOString(),
    resolution: d.resolution === null ? null : ResolutionSchema.parse(d.resolution),
    resolved_by: d.resolvedBy,
    resolved_at: d.resolvedAt ? d.resolvedAt.toISOString() : null,
    note: d.note,
  };
}

export type DiscrepancyJson = DiscrepancyResponse;
