import type { Db, Tx } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { businessDayRange, nextDay, previousDay } from "@/lib/stores/business-day";

export type DaySelection = {
  storeId: string;
  day: string;
  span: { start: Date; end: Date };
  /** The close that holds the day, or null while it is open. */
  closedAt: Date | null;
  /** Where the rows the day books are: those a close wrote it into, or (open) those no close took in yet. */
  order: Prisma.OrderWhereInput;
  payment: Prisma.PaymentWhereInput;
  refund: Prisma.RefundWhereInput;
};

const BATCH = 64;

/**
 * The closed days right before `day`, newest first, as long as they follow
 * each other without a gap: rows of those days stored after their close are
 * booked on `day` when it is the first open day after them. One index range
 * of ("storeId", "day") per 64 days.
 */
async function closedRunBefore(db: Db | Tx, storeId: string, day: string): Promise<string[]> {
  const run: string[] = [];
  let expected = previousDay(day);
  for (;;) {
    const closes = await db.dayClose.findMany({ where: { storeId, day: { lte: expected } }, orderBy: { day: "desc" }, take: BATCH, select: { day: true } });
    for (const c of closes) {
      if (c.day !== expected) return run;
      run.push(c.day);
      expected = previousDay(expected);
    }
    if (closes.length < BATCH) return run;
  }
}

/** The first day after `day` that is not closed: where a row of `day` stored after its close is booked. */
export async function firstOpenDayAfter(db: Db | Tx, storeId: string, day: string): Promise<string> {
  let candidate = nextDay(day);
  for (;;) {
    const closes = await db.dayClose.findMany({ where: { storeId, day: { gte: candidate } }, orderBy: { day: "asc" }, take: BATCH, select: { day: true } });
    for (const c of closes) {
      if (c.day !== candidate) return candidate;
      candidate = nextDay(candidate);
    }
    if (closes.length < BATCH) return candidate;
  }
}

/**
 * The rows a business day books (see day-report.ts for what "booked" means):
 * a closed day, those its close wrote it into; an open day, those no close has
 * taken in whose time is in the day or in the run of closed days right before
 * it. Each is one index range: ("storeId", "closeDay", <time>).
 */
export async function daySelection(db: Db | Tx, { storeId, timeZone, day }: { storeId: string; timeZone: string; day: string }): Promise<DaySelection> {
  const span = businessDayRange(day, timeZone);
  const close = await db.dayClose.findUnique({ where: { storeId_day: { storeId, day } }, select: { closedAt: true } });
  if (close) return closedDaySelection({ storeId, day, span, closedAt: close.closedAt });
  const run = await closedRunBefore(db, storeId, day);
  const from = run.length > 0 ? businessDayRange(run[run.length - 1]!, timeZone).start : span.start;
  const time = { gte: from, lt: span.end };
  return {
    storeId,
    day,
    span,
    closedAt: null,
    order: { storeId, closeDay: null, createdAt: time },
    payment: { storeId, closeDay: null, paidAt: time },
    refund: { storeId, closeDay: null, status: "succeeded", settledAt: time },
  };
}

/** The rows a close wrote `day` into. */
export function closedDaySelection({ storeId, day, span, closedAt }: { storeId: string; day: string; span: { start: Date; end: Date }; closedAt: Date }): DaySelection {
  return { storeId, day, span, closedAt, order: { storeId, closeDay: day }, payment: { storeId, closeDay: day }, refund: { storeId, closeDay: day, status: "succeeded" } };
}
