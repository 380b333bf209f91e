import { z } from "zod";
import { pageOf } from "@/lib/api/page-schema";
import { DISCREPANCY_TYPES } from "./discrepancy-types";

/** The Discrepancy object of API v1 (pos-api.md): types discrepancyJson and generates openapi.json. */

const instant = z.iso.datetime().describe("RFC 3339, UTC");
const amount = z.int().min(0).nullable().describe("integer minor units");

export const DiscrepancyStatusSchema = z.enum(["open", "resolved"]);
export const DiscrepancyTypeSchema = z.enum(DISCREPANCY_TYPES);
export const ResolutionSchema = z.enum(["accepted", "refunded", "written_off", "linked"]);

export const DiscrepancyResponse = z.object({
  id: z.string().regex(/^dis_[0-9A-Z]{26}$/),
  type: DiscrepancyTypeSchema,
  status: DiscrepancyStatusSchema,
  order_id: z.string().nullable(),
  payment_id: z.string().nullable(),
  refund_id: z.string().nullable(),
  statement_line: z.string().nullable(),
  expected_amount: amount.describe("the order's amount"),
  actual_amount: amount.describe("what the order had received after the payment that opened it"),
  currency: z.string().regex(/^[A-Z]{3}$/),
  detected_at: instant,
  resolution: ResolutionSchema.nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: instant.nullable(),
  note: z.string().nullable(),
});

export const DiscrepancyPageResponse = pageOf(DiscrepancyResponse);

export type DiscrepancyResponse = z.infer<typeof DiscrepancyResponse>;
