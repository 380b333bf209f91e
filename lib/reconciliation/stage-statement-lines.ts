import { valuesList, type BulkStatements, type SqlValue } from "@/lib/db/bulk-sql";
import { sqlDate } from "@/lib/db/client";
import type { StatementMovement } from "@/lib/providers/types";

const COLUMNS = ["id", "importId", "accountId", "lineNo", "movementKey", "time", "type", "providerChargeId", "merchantRef", "providerPaymentId", "providerRefundId", "amount", "fee", "net", "currency"];
/** Rows per INSERT: 15 values each stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const ROWS_PER_STATEMENT = 1_000;

/** What identifies a movement across partial and full statements (provider-protocol.md): (type, payment, refund). */
export function movementKey(m: Pick<StatementMovement, "type" | "providerPaymentId" | "providerRefundId">): string {
  return `${m.type}:${m.providerPaymentId}:${m.providerRefundId ?? ""}`;
}

/**
 * A statement line's id: the import's and the line's, so that none has to be
 * generated per line. The line number is zero-padded so that an import's ids
 * sort in line order: staging then appends to the primary key's index instead
 * of splitting pages all over it.
 */
export function statementLineId(importId: string, lineNo: number): string {
  return `stl_${importId.slice(4)}_${String(lineNo).padStart(10, "0")}`;
}

/**
 * The ids of an import's lines from line `from` up to (not including) line
 * `to`, or all of them from `from` on: a range of the primary key, which is
 * how an import's lines are found (there is no index on "importId").
 */
export function statementLineIds(importId: string, from: number, to?: number): [string, string] {
  // ":" sorts right after "9": above every zero-padded line number.
  return [statementLineId(importId, from), to === undefined ? `stl_${importId.slice(4)}_:` : statementLineId(importId, to)];
}

const insertLines = (rows: number) =>
  `INSERT INTO "StatementLine" (${COLUMNS.map((c) => `"${c}"`).join(", ")}) VALUES ${valuesList(rows, COLUMNS.length)}
   ON CONFLICT ("accountId", "movementKey") DO NOTHING`;
/** The statement of a whole slice, built once. */
const INSERT_FULL = insertLines(ROWS_PER_STATEMENT);

/**
 * Stages a batch of movements under an import that is not visible yet, inside
 * the caller's short bulk transaction. A movement an earlier statement of the
 * account already holds is skipped by the unique (account, movement key), so
 * a later full-day statement adds only what the partial one lacked. Returns
 * how many lines were added.
 */
export async function stageStatementLines(sql: BulkStatements, { importId, accountId, movements }: { importId: string; accountId: string; movements: StatementMovement[] }): Promise<number> {
  let added = 0;
  // Many lines share a second: each time is formatted once.
  let lastMs = Number.NaN;
  let lastTime = "";
  for (let i = 0; i < movements.length; i += ROWS_PER_STATEMENT) {
    const rows = Math.min(ROWS_PER_STATEMENT, movements.length - i);
    const params: SqlValue[] = new Array<SqlValue>(rows * COLUMNS.length);
    let k = 0;
    for (let j = i; j < i + rows; j += 1) {
      const m = movements[j]!;
      params[k++] = statementLineId(importId, m.lineNo);
      params[k++] = importId;
      params[k++] = accountId;
      params[k++] = m.lineNo;
      params[k++] = movementKey(m);
      const ms = m.time.getTime();
      if (ms !== lastMs) {
        lastMs = ms;
        lastTime = sqlDate(m.time);
      }
      params[k++] = lastTime;
      params[k++] = m.type;
      params[k++] = m.providerChargeId;
      params[k++] = m.merchantRef;
      params[k++] = m.providerPaymentId;
      params[k++] = m.providerRefundId;
      params[k++] = m.amount;
      params[k++] = m.fee;
      params[k++] = m.net;
      params[k++] = m.currency;
    }
    added += await sql.run(rows === ROWS_PER_STATEMENT ? INSERT_FULL : insertLines(rows), params);
  }
  return added;
}

/** Deletes the lines of an import that will never be visible (a malformed file, a crash while staging), one short step at a time. */
export async function discardStagedLines(bulk: { transaction: <T>(fn: (sql: BulkStatements) => Promise<T>) => Promise<T> }, importId: string): Promise<void> {
  for (;;) {
    const deleted = await bulk.transaction((sql) =>
      sql.run(`DELETE FROM "StatementLine" WHERE "id" IN (SELECT "id" FROM "StatementLine" WHERE "id" >= ? AND "id" < ? ORDER BY "id" LIMIT 5000)`, statementLineIds(importId, 0)),
    );
    if (deleted === 0) break;
  }
  await bulk.transaction((sql) => sql.run(`DELETE FROM "StatementImport" WHERE "id" = ? AND "status" = 'staging'`, [importId]));
}
