import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { businessDayRange, isCalendarDay } from "@/lib/stores/business-day";
import { computeDayReport } from "./compute-day-report";
import { closedDaySelection, daySelection } from "./day-selection";
import { lockRows } from "@/lib/db/lock-rows";

/**
 * Closes a business day (the Z-report): in one transaction, writes the day
 * into every row it books (see day-report.ts), computes the figures of
 * exactly those rows, re-checks that the owner acknowledged every type of
 * discrepancy still open for the day, and stores the report, which never
 * changes afterwards. A day can be closed once it has begun (a shop closes
 * today's till at the end of its shift); whatever is stored later with a time
 * in it is booked on the next open day. Closing a closed day changes nothing
 * and answers `repeated`.
 */
export async function closeDay(ctx: Ctx, { actor, day, acknowledged }: { actor: Actor; day: string; acknowledged: readonly string[] }): Promise<{ id: string; repeated: boolean }> {
  if (!isCalendarDay(day)) throw new AppError("invalid_request", "day: a real day written YYYY-MM-DD", { errors: [{ path: "day", message: "not a calendar day" }] });
  const store = await ctx.db.store.findUniqueOrThrow({ where: { id: actor.storeId }, select: { id: true, timeZone: true, currency: true } });
  const span = businessDayRange(day, store.timeZone);
  const at = ctx.now();
  if (span.start.getTime() > at.getTime()) throw new AppError("invalid_request", "day: this day has not begun", { errors: [{ path: "day", message: "not begun" }] });
  return ctx.db.$transaction(async (tx) => {
    // PostgreSQL: two closes of the store at once run one after the other, and the second finds the first's row.
    await lockRows(tx, "Store", [store.id]);
    const existing = await tx.dayClose.findUnique({ where: { storeId_day: { storeId: store.id, day } }, select: { id: true } });
    if (existing) return { id: existing.id, repeated: true };
    const open = await daySelection(tx, { storeId: store.id, timeZone: store.timeZone, day });
    await tx.order.updateMany({ where: open.order, data: { closeDay: day } });
    await tx.payment.updateMany({ where: open.payment, data: { closeDay: day } });
    await tx.refund.updateMany({ where: open.refund, data: { closeDay: day } });
    const report = await computeDayReport(tx, closedDaySelection({ storeId: store.id, day, span, closedAt: at }), store);
    const missing = Object.keys(report.openDiscrepancies).filter((type) => !acknowledged.includes(type));
    if (missing.length > 0) {
      throw new AppError("invalid_request", `acknowledged: the open ${missing.join(", ")} discrepancies must be acknowledged before the day is closed`, {
        errors: missing.map((type) => ({ path: `acknowledged.${type}`, message: "open; acknowledge it to close the day" })),
        extra: { missing },
      });
    }
    const id = newId("dcl");
    const kept = Object.keys(report.openDiscrepancies);
    await tx.dayClose.create({
      data: { id, storeId: store.id, day, timeZone: store.timeZone, currency: store.currency, report: JSON.stringify(report), acknowledged: JSON.stringify(kept), closedBy: actorRef(actor), closedAt: at },
    });
    await recordAudit(
      tx,
      {
        storeId: store.id,
        actor: actorRef(actor),
        terminalId: actor.terminalId,
        action: "day.closed",
        entityType: "day_close",
        entityId: id,
        data: { day, acknowledged: report.openDiscrepancies, received: report.payments.total.amount, refunded: report.refunds.amount, net: report.net, carriedIn: report.carriedIn },
      },
      at,
    );
    return { id, repeated: false };
  });
}
