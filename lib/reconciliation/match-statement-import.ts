import type { Ctx } from "@/lib/context";
import type { SqlValue } from "@/lib/db/bulk-sql";
import { bulkSql, sqlDate } from "@/lib/db/client";
import { afterPaymentsRecorded } from "@/lib/payments/after-payments-recorded";
import { recordPayment, type RecordedPayment } from "@/lib/payments/record-payment";
import type { NewDiscrepancy } from "./open-discrepancy";
import { openDiscrepancies } from "./open-discrepancies";
import { statementLineIds } from "./stage-statement-lines";

/** Lines per matching step: each step is a few short statements, so a notification waits at most one of them. */
const WINDOW = 5_000;
/** Payments recorded from a statement per transaction: each runs the order rules, so a handful at a time. */
const RECORD_PER_TRANSACTION = 20;
/** Steps through a statement's period when looking for payments and refunds no statement holds. */
const PERIOD_STEP_MS = 3_600_000;

type LineRow = { lineId: string; movementKey: string; time: string; providerChargeId: string; merchantRef: string; providerPaymentId: string; providerRefundId: string | null; amount: number; fee: number; currency: string };
type PaymentSide = { paymentId: string | null; paymentAmount: number | null; paymentCurrency: string | null; orderId: string | null; paymentStoreId: string | null };
type RefundSide = { refundId: string | null; refundAmount: number | null; refundCurrency: string | null; refundStatus: string | null };

const LINE_COLUMNS = `l."id" AS "lineId", l."movementKey", l."time", l."providerChargeId", l."merchantRef", l."providerPaymentId", l."providerRefundId", l."amount", l."fee", l."currency"`;
const PAYMENT_JOIN = `LEFT JOIN "Payment" p ON p."accountId" = l."accountId" AND p."providerPaymentId" = l."providerPaymentId"`;
const PAYMENT_COLUMNS = `p."id" AS "paymentId", p."amount" AS "paymentAmount", p."currency" AS "paymentCurrency", p."orderId", p."storeId" AS "paymentStoreId"`;
/** A window of an import's lines: a range of the primary key (statementLineIds). */
const IN_WINDOW = `l."id" >= ? AND l."id" < ?`;

/**
 * Matches the lines an import added against what Till recorded, three ways
 * (statement ↔ payments and refunds ↔ orders), as set operations over ranges
 * of the import's lines — never a query per line:
 *
 * - a PAYMENT line Till never recorded is recorded now (source "statement")
 *   by recordPayment, so the order rules apply as for any payment, and opens
 *   unnotified_payment (and whatever else the order rules open);
 * - a line whose amount or currency differs from Till's record: amount_mismatch;
 * - a REFUND line Till has no succeeded refund for: refund_mismatch;
 * - every held payment gets the statement's fee and net;
 * - then, over the statement's period: a payment Till recorded that no
 *   imported statement holds is unsettled_payment, and a succeeded refund no
 *   imported statement holds is refund_mismatch — by ids and periods, never
 *   by the store's business day.
 *
 * Safe to run again on the same import (after a crash): every finding has a
 * dedupe key and every write is idempotent.
 */
export async function matchStatementImport(ctx: Ctx, importId: string, keepLease: () => Promise<boolean> = () => Promise.resolve(true)): Promise<{ matched: number; opened: number }> {
  const bulk = bulkSql(ctx.db);
  const statement = await ctx.db.statementImport.findUniqueOrThrow({ where: { id: importId } });
  const account = await ctx.db.providerAccount.findUniqueOrThrow({ where: { id: statement.accountId } });
  const actor = statement.importedBy;
  const [lastLine] = await bulk.read((sql) =>
    sql.all<{ lineNo: number }>(`SELECT "lineNo" FROM "StatementLine" WHERE "id" >= ? AND "id" < ? ORDER BY "id" DESC LIMIT 1`, statementLineIds(importId, 0)),
  );
  const last = lastLine?.lineNo ?? null;
  let matched = 0;
  let opened = 0;

  for (let from = 0; last !== null && from <= last; from += WINDOW) {
    if (!(await keepLease())) throw new Error("lost the statement import lease");
    const window: SqlValue[] = statementLineIds(importId, from, from + WINDOW);
    // One pass over the window: the payment lines that do not agree with Till, and every refund line.
    const rows = await bulk.read((sql) =>
      sql.all<LineRow & PaymentSide & RefundSide & { type: string }>(
        `SELECT l."type", ${LINE_COLUMNS}, ${PAYMENT_COLUMNS}, r."id" AS "refundId", r."amount" AS "refundAmount", r."currency" AS "refundCurrency", r."status" AS "refundStatus"
         FROM "StatementLine" l ${PAYMENT_JOIN} LEFT JOIN "Refund" r ON l."type" = 'REFUND' AND r."accountId" = l."accountId" AND r."providerRefundId" = l."providerRefundId"
         WHERE ${IN_WINDOW} AND (l."type" = 'REFUND' OR p."id" IS NULL OR p."amount" <> l."amount" OR p."currency" <> l."currency")`,
        window,
      ),
    );
    const odd = rows.filter((row) => row.type === "PAYMENT");
    opened += await recordFromStatement(ctx, account, odd.filter((row) => row.paymentId === null));

    const findings: NewDiscrepancy[] = [];
    for (const row of odd) {
      if (row.paymentId === null) continue;
      findings.push({ ...onPayment(row, account.storeId), type: "amount_mismatch", dedupeKey: `line:${account.id}:${row.movementKey}:amount`, expectedAmount: row.paymentAmount, actualAmount: row.amount });
    }
    for (const row of rows) {
      if (row.type !== "REFUND") continue;
      const finding = { ...onPayment(row, account.storeId), refundId: row.refundId, actualAmount: row.amount };
      if (row.refundStatus !== "succeeded") {
        findings.push({ ...finding, type: "refund_mismatch", dedupeKey: `line:${account.id}:${row.movementKey}:refund`, expectedAmount: row.refundAmount });
      } else if (row.refundAmount !== row.amount || row.refundCurrency !== row.currency) {
        findings.push({ ...finding, type: "amount_mismatch", dedupeKey: `line:${account.id}:${row.movementKey}:amount`, expectedAmount: row.refundAmount, currency: row.refundCurrency ?? row.currency });
      } else {
        matched += 1;
      }
    }
    const step = await bulk.transaction(
      async (sql) => ({
        // A payment a statement holds carries the provider's fee and net from now on. Every odd line has its payment
        // by now (recorded just above), so the payment lines that agreed are the ones updated less the odd ones.
        held: await sql.run(
          `UPDATE "Payment" SET "fee" = l."fee", "net" = l."net" FROM "StatementLine" AS l
           WHERE ${IN_WINDOW} AND l."type" = 'PAYMENT' AND "Payment"."accountId" = l."accountId" AND "Payment"."providerPaymentId" = l."providerPaymentId"`,
          window,
        ),
        opened: await openDiscrepancies(sql, findings, actor, ctx.now()),
      }),
      // Repeatable (see above), and made durable by the import's last, durable write before it answers.
      { durable: false },
    );
    matched += Math.max(0, step.held - odd.length);
    opened += step.opened;
  }

  opened += await findUnsettled(ctx, { accountId: account.id, storeId: account.storeId, start: statement.periodStart, end: statement.periodEnd, actor, keepLease });
  await ctx.db.statementImport.update({ where: { id: importId }, data: { matched, opened, matchedAt: ctx.now() } });
  return { matched, opened };
}

/** The Till side of a line: the store, order and payment a finding belongs to (the account's own store when Till has no payment). */
function onPayment(row: LineRow & PaymentSide, accountStoreId: string): Omit<NewDiscrepancy, "type" | "dedupeKey"> {
  return { storeId: row.paymentStoreId ?? accountStoreId, orderId: row.orderId, paymentId: row.paymentId, statementLineId: row.lineId, currency: row.paymentCurrency ?? row.currency };
}

/**
 * Records the payments a statement holds and Till never learned of, through
 * recordPayment (the order rules, unnotified_payment and the rest), a few per
 * transaction; then tells the screens and closes charges of orders that became
 * paid. Returns how many discrepancies that opened.
 */
async function recordFromStatement(ctx: Ctx, account: Parameters<typeof afterPaymentsRecorded>[1], rows: LineRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const results: RecordedPayment[] = [];
  for (let i = 0; i < rows.length; i += RECORD_PER_TRANSACTION) {
    const slice = rows.slice(i, i + RECORD_PER_TRANSACTION);
    const at = ctx.now();
    results.push(
      ...(await ctx.db.$transaction(async (tx) => {
        const done: RecordedPayment[] = [];
        for (const row of slice) {
          const payment = { providerPaymentId: row.providerPaymentId, providerChargeId: row.providerChargeId, merchantRef: row.merchantRef, amount: row.amount, currency: row.currency, payer: null, paidAt: new Date(row.time) };
          done.push(await recordPayment(tx, { account, payment, source: "statement", at }));
        }
        return done;
      })),
    );
  }
  await afterPaymentsRecorded(ctx, account, results);
  // The findings recordPayment can open for a payment, by their dedupe keys (a unique index).
  const keys = results.flatMap((r) => (r.recorded ? ["unnotified", "excess", "unknown_order"].map((k) => `payment:${r.paymentId}:${k}`) : []));
  let opened = 0;
  for (let i = 0; i < keys.length; i += 300) opened += await ctx.db.discrepancy.count({ where: { dedupeKey: { in: keys.slice(i, i + 300) } } });
  return opened;
}

/**
 * Over a statement's period, hour by hour: payments of the account that no
 * imported statement holds (their fee is still unknown) open
 * unsettled_payment; succeeded refunds that no imported statement holds open
 * refund_mismatch. Returns how many were new.
 */
async function findUnsettled(
  ctx: Ctx,
  { accountId, storeId, start, end, actor, keepLease }: { accountId: string; storeId: string; start: Date; end: Date; actor: string; keepLease: () => Promise<boolean> },
): Promise<number> {
  const bulk = bulkSql(ctx.db);
  let opened = 0;
  for (let t = start.getTime(); t < end.getTime(); t += PERIOD_STEP_MS) {
    if (!(await keepLease())) throw new Error("lost the statement import lease");
    const range: SqlValue[] = [accountId, sqlDate(new Date(t)), sqlDate(new Date(Math.min(t + PERIOD_STEP_MS, end.getTime())))];
    const { payments, refunds } = await bulk.read(async (sql) => ({
      payments: await sql.all<{ id: string; storeId: string; orderId: string | null; amount: number; currency: string }>(
        `SELECT "id", "storeId", "orderId", "amount", "currency" FROM "Payment" WHERE "accountId" = ? AND "paidAt" >= ? AND "paidAt" < ? AND "fee" IS NULL`,
        range,
      ),
      refunds: await sql.all<{ id: string; storeId: string; orderId: string | null; paymentId: string; amount: number; currency: string }>(
        `SELECT r."id", r."storeId", r."orderId", r."paymentId", r."amount", r."currency" FROM "Refund" r JOIN "Payment" p ON p."id" = r."paymentId"
         WHERE r."accountId" = ? AND r."status" = 'succeeded' AND r."settledAt" >= ? AND r."settledAt" < ?
           AND NOT EXISTS (SELECT 1 FROM "StatementLine" l WHERE l."accountId" = r."accountId" AND l."movementKey" = 'REFUND:' || p."providerPaymentId" || ':' || r."providerRefundId")`,
        range,
      ),
    }));
    if (payments.length === 0 && refunds.length === 0) continue;
    const findings: NewDiscrepancy[] = [
      ...payments.map((p) => ({ storeId: p.storeId ?? storeId, type: "unsettled_payment" as const, dedupeKey: `payment:${p.id}:unsettled`, orderId: p.orderId, paymentId: p.id, expectedAmount: p.amount, actualAmount: null, currency: p.currency })),
      ...refunds.map((r) => ({ storeId: r.storeId, type: "refund_mismatch" as const, dedupeKey: `refund:${r.id}:unsettled`, orderId: r.orderId, paymentId: r.paymentId, refundId: r.id, expectedAmount: r.amount, actualAmount: null, currency: r.currency })),
    ];
    opened += await bulk.transaction((sql) => openDiscrepancies(sql, findings, actor, ctx.now()), { durable: false });
  }
  return opened;
}
