import type { Ctx } from "@/lib/context";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { businessDayOf, isCalendarDay, nextDay, previousDay } from "@/lib/stores/business-day";
import { computeDayReport } from "./compute-day-report";
import { Acknowledged, DayReport, type BookedElsewhere } from "./day-report";
import { daySelection, firstOpenDayAfter, type DaySelection } from "./day-selection";

export type DayCloseView = {
  day: string;
  today: string;
  previous: string;
  next: string;
  /** open: figures as they stand now; closed: as they stood at the close; upcoming: the day has not begun. */
  state: "open" | "closed" | "upcoming";
  report: DayReport;
  closedAt: Date | null;
  closedBy: string | null;
  acknowledged: string[];
  /** Rows whose time is in this closed day but were stored after its close. */
  bookedElsewhere: BookedElsewhere[];
};

/** The Z-report of a business day for the owner: the frozen one of a closed day, else the day's figures as they stand. */
export async function getDayClose(ctx: Ctx, { storeId, day }: { storeId: string; day?: string }): Promise<DayCloseView> {
  const store = await ctx.db.store.findUniqueOrThrow({ where: { id: storeId }, select: { timeZone: true, currency: true } });
  const now = ctx.now();
  const today = businessDayOf(now, store.timeZone);
  const date = day ?? today;
  if (!isCalendarDay(date)) throw new AppError("invalid_request", "day: a real day written YYYY-MM-DD", { errors: [{ path: "day", message: "not a calendar day" }] });
  const sel = await daySelection(ctx.db, { storeId, timeZone: store.timeZone, day: date });
  const around = { day: date, today, previous: previousDay(date), next: nextDay(date) };
  if (!sel.closedAt) {
    const report = await computeDayReport(ctx.db, sel, store);
    return { ...around, state: sel.span.start > now ? "upcoming" : "open", report, closedAt: null, closedBy: null, acknowledged: [], bookedElsewhere: [] };
  }
  const close = await ctx.db.dayClose.findUniqueOrThrow({ where: { storeId_day: { storeId, day: date } } });
  return {
    ...around,
    state: "closed",
    report: DayReport.parse(JSON.parse(close.report)),
    closedAt: close.closedAt,
    closedBy: await actorName(ctx.db, close.closedBy),
    acknowledged: Acknowledged.parse(JSON.parse(close.acknowledged)),
    bookedElsewhere: await bookedElsewhere(ctx.db, sel),
  };
}

async function actorName(db: Db, actor: string): Promise<string> {
  const [kind, id] = actor.split(":");
  if (kind === "staff" && id) return (await db.staff.findUnique({ where: { id }, select: { name: true } }))?.name ?? actor;
  if (kind === "api_key" && id) return (await db.apiKey.findUnique({ where: { id }, select: { name: true } }))?.name ?? actor;
  return actor;
}

/**
 * Rows whose time falls in a closed day that its close did not take in, by the
 * day that booked them (a later close), or the first open day after it (where
 * they wait to be closed). Grouped reads over the day's index ranges.
 */
async function bookedElsewhere(db: Db, sel: DaySelection): Promise<BookedElsewhere[]> {
  const time = { gte: sel.span.start, lt: sel.span.end };
  const elsewhere = { OR: [{ closeDay: null }, { closeDay: { gt: sel.day } }] };
  const [orders, payments, refunds] = await Promise.all([
    db.order.groupBy({ by: ["closeDay"], where: { storeId: sel.storeId, createdAt: time, ...elsewhere }, _count: { _all: true } }),
    db.payment.groupBy({ by: ["closeDay"], where: { storeId: sel.storeId, paidAt: time, ...elsewhere }, _count: { _all: true }, _sum: { amount: true } }),
    db.refund.groupBy({ by: ["closeDay"], where: { storeId: sel.storeId, status: "succeeded", settledAt: time, ...elsewhere }, _count: { _all: true }, _sum: { amount: true } }),
  ]);
  const byDay = new Map<string | null, Omit<BookedElsewhere, "day" | "closed">>();
  const entry = (closeDay: string | null) => {
    let e = byDay.get(closeDay);
    if (!e) byDay.set(closeDay, (e = { orders: 0, payments: { count: 0, amount: 0 }, refunds: { count: 0, amount: 0 } }));
    return e;
  };
  for (const g of orders) entry(g.closeDay).orders += g._count._all;
  for (const g of payments) entry(g.closeDay).payments = { count: g._count._all, amount: g._sum.amount ?? 0 };
  for (const g of refunds) entry(g.closeDay).refunds = { count: g._count._all, amount: g._sum.amount ?? 0 };
  const result: BookedElsewhere[] = [];
  for (const [closeDay, e] of byDay) {
    result.push({ day: closeDay ?? (await firstOpenDayAfter(db, sel.storeId, sel.day)), closed: closeDay !== null, ...e });
  }
  return result.sort((a, b) => a.day.localeCompare(b.day));
}
