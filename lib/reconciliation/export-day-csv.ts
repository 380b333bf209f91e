import type { Ctx } from "@/lib/context";
import { csvDecimal, csvDocument, pagesOf, type CsvValue } from "@/lib/csv/csv-writer";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { toDecimalString } from "@/lib/money";
import { listOrders } from "@/lib/orders/list-orders";
import { orderReferences } from "@/lib/orders/order-references";
import { businessDayRange, isCalendarDay, zonedTimestamp } from "@/lib/stores/business-day";
import { DAY_CSV_HEADER } from "./day-csv-header";

type Row = readonly CsvValue[];
type Span = { start: Date; end: Date };
type Position = { at: Date; id: string };
type Table = "Payment" | "Refund" | "Discrepancy";
type TimeColumn = "paidAt" | "settledAt" | "detectedAt";

/**
 * The ids of one page of a table's rows of the day, by (time, id) after the
 * last row of the page before: a row-value comparison, so that every page is
 * one range of an index ending in (time, "id") — ("storeId", "paidAt", "id"),
 * ("storeId", "status", "settledAt", "id"), ("storeId", "detectedAt", "id").
 */
async function pageIds(ctx: Ctx, table: Table, time: TimeColumn, where: Prisma.Sql[], span: Span, after: Position | undefined, limit: number): Promise<string[]> {
  const t = Prisma.raw(`"${time}"`);
  const conditions = [...where, Prisma.sql`${t} >= ${span.start}`, Prisma.sql`${t} < ${span.end}`];
  if (after) conditions.push(Prisma.sql`(${t}, "id") > (${after.at}, ${after.id})`);
  const rows = await ctx.db.$queryRaw<{ id: string }[]>(Prisma.sql`SELECT "id" FROM ${Prisma.raw(`"${table}"`)} WHERE ${Prisma.join(conditions, " AND ")} ORDER BY ${t}, "id" LIMIT ${limit}`);
  return rows.map((r) => r.id);
}

/** Pages of rows loaded by id, in the ids' order, until a page comes back short. */
async function* pagesByTime<T extends { id: string }>(ids: (after: Position | undefined) => Promise<string[]>, load: (ids: string[]) => Promise<T[]>, timeOf: (row: T) => Date, limit: number): AsyncGenerator<T[]> {
  let after: Position | undefined;
  for (;;) {
    const page = await ids(after);
    const byId = new Map((page.length ? await load(page) : []).map((row) => [row.id, row]));
    const rows = page.map((id) => byId.get(id)).filter((row): row is T => row !== undefined);
    yield rows;
    const last = rows.at(-1);
    if (page.length < limit || !last) return;
    after = { at: timeOf(last), id: last.id };
  }
}

/**
 * A business day's orders, payments, refunds and discrepancies as one CSV
 * (UTF-8 with a BOM, so that Excel in China opens it right): amounts as
 * decimals of their currency, times on the store's clock with its offset,
 * text that cannot run as a formula. The day's rows are those whose own time
 * falls in it — an order's creation, a payment's `paid_at`, a refund's
 * settlement (succeeded or failed), a discrepancy's detection — read in
 * batches of index-served keyset pages, so memory stays flat on a big day.
 */
export async function exportDayCsv(ctx: Ctx, { storeId, day, batch = 500 }: { storeId: string; day: string; batch?: number }): Promise<AsyncGenerator<string>> {
  if (!isCalendarDay(day)) throw new AppError("invalid_request", "day: a real day written YYYY-MM-DD", { errors: [{ path: "day", message: "not a calendar day" }] });
  const store = await ctx.db.store.findUniqueOrThrow({ where: { id: storeId }, select: { timeZone: true } });
  const span = businessDayRange(day, store.timeZone);
  const at = (time: Date | null) => (time ? zonedTimestamp(time, store.timeZone) : null);
  const money = (minor: number | null, currency: string) => (minor === null ? null : csvDecimal(toDecimalString(minor, currency)));
  const references = (rows: { orderId: string | null }[]) => orderReferences(ctx, rows.flatMap((r) => (r.orderId ? [r.orderId] : [])));
  const ofStore = Prisma.sql`"storeId" = ${storeId}`;

  async function* rows(): AsyncGenerator<Row[]> {
    for await (const orders of pagesOf((cursor) => listOrders(ctx, { storeId, createdFrom: span.start, createdBefore: span.end, limit: batch, cursor }))) {
      yield orders.map((o) => ["order", o.id, at(o.createdAt), o.reference, o.status, null, money(o.amount, o.currency), o.currency, null, null, null, o.providerRef, o.closeDay, o.note]);
    }
    const inTimeOrder = <T extends { id: string }>(table: Table, time: TimeColumn, where: Prisma.Sql[], load: (ids: string[]) => Promise<T[]>, timeOf: (row: T) => Date) =>
      pagesByTime((after) => pageIds(ctx, table, time, where, span, after, batch), load, timeOf, batch);
    const payments = inTimeOrder("Payment", "paidAt", [ofStore], (ids) => ctx.db.payment.findMany({ where: { id: { in: ids } } }), (p) => p.paidAt);
    for await (const page of payments) {
      const refs = await references(page);
      yield page.map((p) => ["payment", p.id, at(p.paidAt), p.orderId ? refs[p.orderId] : null, p.late ? "late" : "on_time", p.source, money(p.amount, p.currency), p.currency, money(p.fee, p.currency), money(p.net, p.currency), null, p.providerPaymentId, p.closeDay, p.payer]);
    }
    for (const status of ["succeeded", "failed"]) {
      const refunds = inTimeOrder("Refund", "settledAt", [ofStore, Prisma.sql`"status" = ${status}`], (ids) => ctx.db.refund.findMany({ where: { id: { in: ids } } }), (r) => r.settledAt!);
      for await (const page of refunds) {
        const refs = await references(page);
        yield page.map((r) => ["refund", r.id, at(r.settledAt), r.orderId ? refs[r.orderId] : null, r.status, r.origin, money(r.amount, r.currency), r.currency, null, null, null, r.providerRefundId, r.closeDay, r.reason]);
      }
    }
    const discrepancies = inTimeOrder("Discrepancy", "detectedAt", [ofStore], (ids) => ctx.db.discrepancy.findMany({ where: { id: { in: ids } } }), (d) => d.detectedAt);
    for await (const page of discrepancies) {
      const refs = await references(page);
      yield page.map((d) => ["discrepancy", d.id, at(d.detectedAt), d.orderId ? refs[d.orderId] : null, d.status, d.type, money(d.actualAmount, d.currency), d.currency, null, null, money(d.expectedAmount, d.currency), null, null, [d.resolution, d.note].filter(Boolean).join(": ") || null]);
    }
  }

  return csvDocument(DAY_CSV_HEADER, rows(), (row) => row);
}
