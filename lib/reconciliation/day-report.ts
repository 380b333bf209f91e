import { z } from "zod";

/**
 * A business day's Z-report: what the day booked, by order status and by how
 * Till learned of each payment, its refunds, fees and net, and the findings
 * still open. A closed day keeps this JSON as it stood at the close
 * (`DayClose.report`); it is read back through this schema.
 *
 * "Booked" (decided here, README "Day close"): every order, payment and
 * succeeded refund is booked on exactly one business day. It is its own day —
 * the store-zone day of the order's `createdAt`, the payment's `paidAt` (the
 * provider's time), the refund's `settledAt` — while that day is open. A row
 * stored after its day was closed is booked on the first day after it that is
 * still open (the next day to be closed, today at the latest), and shows there
 * as carried in; the closed day's report says where it went. A close writes
 * the day into every row it books (`closeDay`), so a row is counted once.
 */
export const Tally = z.object({ count: z.int().min(0), amount: z.int() });
export type Tally = z.infer<typeof Tally>;

export const PAYMENT_SOURCES = ["notification", "query", "statement"] as const;

export const DayReport = z.object({
  day: z.string(),
  timeZone: z.string(),
  currency: z.string(),
  /** The day's span [start, end) as RFC 3339 instants. */
  start: z.string(),
  end: z.string(),
  orders: z.object({
    byStatus: z.record(z.string(), Tally),
    total: Tally,
    /** Σ amount of the orders, except those that ended with nothing received (as the summary counts it). */
    expected: z.int(),
  }),
  payments: z.object({
    /** notification | query (a check or the sweeper asked the provider) | statement. */
    bySource: z.record(z.string(), Tally),
    total: Tally,
    /** Those that came after their order had expired or was cancelled. */
    late: Tally,
    /** Those an imported statement holds, with the provider's fees on them. */
    settled: Tally,
    fees: z.int(),
    settledNet: z.int(),
  }),
  /** Succeeded refunds. */
  refunds: Tally,
  /** settled − fees − refunded, as the reconciliation summary counts it. */
  net: z.int(),
  /** Rows of earlier, already closed days that this day booked (included in the figures above). */
  carriedIn: z.object({ orders: z.int().min(0), payments: Tally, refunds: Tally }),
  /** Discrepancies detected during the day and still open, by type. */
  openDiscrepancies: z.record(z.string(), z.int().min(1)),
});
export type DayReport = z.infer<typeof DayReport>;

export const Acknowledged = z.array(z.string());

/** Rows whose time falls in a closed day but that were stored after its close, by the day that booked them. */
export type BookedElsewhere = { day: string; closed: boolean; orders: number; payments: Tally; refunds: Tally };

export const zeroTally = (): Tally => ({ count: 0, amount: 0 });

/** What the close form sends: the day and the open discrepancy types the owner ticked. */
export const CloseDayInput = z.strictObject({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day written YYYY-MM-DD"),
  acknowledged: z.array(z.string().regex(/^[a-z_]{1,40}$/)).max(20),
});
