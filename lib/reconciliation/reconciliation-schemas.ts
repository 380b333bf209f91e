import { z } from "zod";
import { ResolutionSchema } from "./discrepancy-response";
import { DISCREPANCY_TYPES } from "./discrepancy-types";

/** Requests and answers of the statement, summary and resolve calls (pos-api.md); they validate requests and generate openapi.json. */

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day written YYYY-MM-DD");
const instant = z.iso.datetime().describe("RFC 3339, UTC");
const minor = z.int().describe("integer minor units");

export const importStatementQuery = z.strictObject({
  date: day.optional().describe("the provider (UTC) day the file covers; required when the file does not state its period"),
});

export const ImportStatementResponse = z.object({
  id: z.string().regex(/^stm_[0-9A-Z]{26}$/).describe("the import (the first one, when this file was imported before)"),
  day: day.describe("the provider (UTC) day the statement covers"),
  period_start: instant,
  period_end: instant.describe("exclusive; before the next day's start for a partial statement"),
  lines: z.int().min(0).describe("movements in the file"),
  added: z.int().min(0).describe("movements no earlier statement held (a full day after a partial one adds only the new ones)"),
  matched: z.int().min(0).describe("lines that agreed with what Till had recorded"),
  discrepancies_opened: z.int().min(0),
  repeated: z.boolean().describe("true when this very file was imported before: nothing changed"),
});

export const summaryQuery = z.strictObject({
  date: day.describe("the store's business day, in the store's time zone"),
});

export const ReconciliationSummaryResponse = z.object({
  date: day,
  currency: z.string().regex(/^[A-Z]{3}$/),
  expected: minor.min(0).describe("Σ amount of the day's orders, except those that ended with nothing received"),
  received: minor.min(0).describe("Σ payments taken that day (the provider's paid_at), however Till learned of them"),
  settled: minor.min(0).describe("Σ of those payments that an imported statement holds"),
  refunded: minor.min(0).describe("Σ refunds that succeeded that day"),
  fees: minor.min(0).describe("Σ the provider's fees on the settled payments"),
  net: minor.describe("settled − fees − refunded"),
  open_discrepancies: z.partialRecord(z.enum(DISCREPANCY_TYPES), z.int().min(1)).describe("discrepancies detected that day and still open, by type"),
});

export const resolveDiscrepancyBody = z.strictObject({
  resolution: ResolutionSchema,
  note: z.string().trim().min(1, "say why").max(1000),
  order_id: z.string().min(1).max(64).optional().describe("with `linked`: the order the payment belongs to"),
});
