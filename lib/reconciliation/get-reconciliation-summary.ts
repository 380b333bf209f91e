import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { businessDay } from "./business-day";

export type ReconciliationSummary = {
  date: string;
  currency: string;
  /** Σ amount of the day's orders, leaving out those that ended with nothing received. */
  expected: number;
  /** Σ every payment the provider took that day (paid_at in the day), however Till learned of it. */
  received: number;
  /** Σ those payments that an imported statement holds. */
  settled: number;
  /** Σ refunds that succeeded that day. */
  refunded: number;
  /** Σ the provider's fees on the settled payments. */
  fees: number;
  /** settled − fees − refunded: what the day's movements leave with the shop. */
  net: number;
  /** Discrepancies detected that day and still open, by type. */
  openDiscrepancies: Record<string, number>;
  start: Date;
  end: Date;
};

/**
 * The figures of a store's business day (its time zone's calendar day), each
 * one aggregate read over an index range: orders by ("storeId", "createdAt"),
 * payments by ("storeId", "paidAt"), refunds by ("storeId", "status",
 * "settledAt"), open discrepancies by ("storeId", "status", "detectedAt", "type").
 */
export async function getReconciliationSummary(ctx: Ctx, { storeId, date }: { storeId: string; date: string }): Promise<ReconciliationSummary> {
  const store = await ctx.db.store.findUniqueOrThrow({ where: { id: storeId }, select: { currency: true, timeZone: true } });
  const day = businessDay(date, store.timeZone);
  if (!day) throw new AppError("invalid_request", "date: a real day written YYYY-MM-DD", { errors: [{ path: "date", message: "invalid" }] });
  const span = { gte: day.start, lt: day.end };
  const [expected, received, settled, refunded, open] = await Promise.all([
    ctx.db.order.aggregate({ where: { storeId, createdAt: span, NOT: { status: { in: ["expired", "cancelled"] }, amountReceived: 0 } }, _sum: { amount: true } }),
    ctx.db.payment.aggregate({ where: { storeId, paidAt: span }, _sum: { amount: true } }),
    ctx.db.payment.aggregate({ where: { storeId, paidAt: span, fee: { not: null } }, _sum: { amount: true, fee: true, net: true } }),
    ctx.db.refund.aggregate({ where: { storeId, status: "succeeded", settledAt: span }, _sum: { amount: true } }),
    ctx.db.discrepancy.groupBy({ by: ["type"], where: { storeId, status: "open", detectedAt: span }, _count: { _all: true } }),
  ]);
  const refundedSum = refunded._sum.amount ?? 0;
  return {
    date,
    currency: store.currency,
    expected: expected._sum.amount ?? 0,
    received: received._sum.amount ?? 0,
    settled: settled._sum.amount ?? 0,
    refunded: refundedSum,
    fees: settled._sum.fee ?? 0,
    net: (settled._sum.net ?? 0) - refundedSum,
    openDiscrepancies: Object.fromEntries(open.map((g) => [g.type, g._count._all])),
    start: day.start,
    end: day.end,
  };
}
