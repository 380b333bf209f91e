import type { Db, Tx } from "@/lib/db/client";
import type { DaySelection } from "./day-selection";
import type { DayReport, Tally } from "./day-report";

const tally = (agg: { _count: { _all: number }; _sum: { amount: number | null } }): Tally => ({ count: agg._count._all, amount: agg._sum.amount ?? 0 });

/**
 * The figures of the rows a day books (a `daySelection`), each one grouped or
 * summed read over the selection's index range (one after another: the
 * day's close reads them inside its transaction, on one connection); open discrepancies are those
 * detected during the day, over ("storeId", "status", "detectedAt", "type").
 */
export async function computeDayReport(db: Db | Tx, sel: DaySelection, store: { timeZone: string; currency: string }): Promise<DayReport> {
  const before = { lt: sel.span.start };
  const orders = await db.order.groupBy({ by: ["status"], where: sel.order, _count: { _all: true }, _sum: { amount: true } });
  const unexpected = await db.order.aggregate({ where: { ...sel.order, status: { in: ["expired", "cancelled"] }, amountReceived: 0 }, _sum: { amount: true } });
  const payments = await db.payment.groupBy({ by: ["source"], where: sel.payment, _count: { _all: true }, _sum: { amount: true } });
  const late = await db.payment.aggregate({ where: { ...sel.payment, late: true }, _count: { _all: true }, _sum: { amount: true } });
  const settled = await db.payment.aggregate({ where: { ...sel.payment, fee: { not: null } }, _count: { _all: true }, _sum: { amount: true, fee: true, net: true } });
  const refunds = await db.refund.aggregate({ where: sel.refund, _count: { _all: true }, _sum: { amount: true } });
  const carriedOrders = await db.order.count({ where: { AND: [sel.order, { createdAt: before }] } });
  const carriedPayments = await db.payment.aggregate({ where: { AND: [sel.payment, { paidAt: before }] }, _count: { _all: true }, _sum: { amount: true } });
  const carriedRefunds = await db.refund.aggregate({ where: { AND: [sel.refund, { settledAt: before }] }, _count: { _all: true }, _sum: { amount: true } });
  const open = await db.discrepancy.groupBy({ by: ["type"], where: { storeId: sel.storeId, status: "open", detectedAt: { gte: sel.span.start, lt: sel.span.end } }, _count: { _all: true } });
  const byStatus = Object.fromEntries(orders.map((g) => [g.status, tally(g)]));
  const bySource = Object.fromEntries(payments.map((g) => [g.source, tally(g)]));
  const sum = (tallies: Tally[]): Tally => tallies.reduce((a, t) => ({ count: a.count + t.count, amount: a.amount + t.amount }), { count: 0, amount: 0 });
  const ordersTotal = sum(Object.values(byStatus));
  const refunded = tally(refunds);
  const settledNet = settled._sum.net ?? 0;
  return {
    day: sel.day,
    timeZone: store.timeZone,
    currency: store.currency,
    start: sel.span.start.toISOString(),
    end: sel.span.end.toISOString(),
    orders: { byStatus, total: ordersTotal, expected: ordersTotal.amount - (unexpected._sum.amount ?? 0) },
    payments: { bySource, total: sum(Object.values(bySource)), late: tally(late), settled: tally(settled), fees: settled._sum.fee ?? 0, settledNet },
    refunds: refunded,
    net: settledNet - refunded.amount,
    carriedIn: { orders: carriedOrders, payments: tally(carriedPayments), refunds: tally(carriedRefunds) },
    openDiscrepancies: Object.fromEntries(open.map((g) => [g.type, g._count._all])),
  };
}
