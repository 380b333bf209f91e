import type { z } from "zod";
import type { ReconciliationSummary } from "./get-reconciliation-summary";
import type { ImportStatementResult } from "./import-statement";
import type { ImportStatementResponse, ReconciliationSummaryResponse } from "./reconciliation-schemas";

/** The answer to POST /api/v1/statements, typed against the schema openapi.json is generated from. */
export function importStatementJson(r: ImportStatementResult): z.infer<typeof ImportStatementResponse> {
  return {
    id: r.importId,
    day: r.day,
    period_start: r.period.start.toISOString(),
    period_end: r.period.end.toISOString(),
    lines: r.lines,
    added: r.added,
    matched: r.matched,
    discrepancies_opened: r.discrepanciesOpened,
    repeated: r.repeated,
  };
}

/** The answer to GET /api/v1/reconciliation/summary. */
export function summaryJson(s: ReconciliationSummary): z.infer<typeof ReconciliationSummaryResponse> {
  return {
    date: s.date,
    currency: s.currency,
    expected: s.expected,
    received: s.received,
    settled: s.settled,
    refunded: s.refunded,
    fees: s.fees,
    net: s.net,
    open_discrepancies: s.openDiscrepancies,
  };
}
