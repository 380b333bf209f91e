import { randomUUID } from "node:crypto";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import type { BulkSql } from "@/lib/db/bulk-sql";
import { bulkSql, sqlDate } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import type { StatementMovement } from "@/lib/providers/types";
import { newId } from "@/lib/ids";
import { takeLease } from "@/lib/jobs/run-leased-job";
import { matchStatementImport } from "./match-statement-import";
import { discardStagedLines, stageStatementLines } from "./stage-statement-lines";
import { importerFor } from "./statement-importers";
import { statementText, STATEMENT_BODY_LIMIT } from "./statement-text";

export type ImportStatementResult = {
  importId: string;
  day: string;
  period: { start: Date; end: Date };
  /** Movements in the file. */
  lines: number;
  /** Movements no earlier statement of the account held. */
  added: number;
  /** Lines that agreed with what Till had recorded. */
  matched: number;
  discrepanciesOpened: number;
  /** The same file was imported before: nothing changed. */
  repeated: boolean;
};

const LEASE_MS = 60_000;
/**
 * Lines staged per transaction. Each step holds the one connection and the
 * event loop while it runs, and a notification's way to PAID (Sandbox Pay's
 * request, its webhook, Till's transaction) may wait for one step at each
 * hop: on a loaded 2-core machine 10,000 lines (~250 ms) let that reach a
 * second, 5,000 keep it well inside; each commit costs a few milliseconds more.
 */
const LINES_PER_TRANSACTION = 5_000;

/**
 * Imports one statement file of a provider account, streamed: the importer
 * for its format reads it batch by batch, each batch is staged in its own
 * short transaction under an import nobody reads yet, and one short
 * transaction then makes the whole file visible — or, for a malformed file,
 * the staged lines are deleted and nothing happened. Then the new lines are
 * matched three ways (match-statement-import.ts).
 *
 * Idempotent: the same file again (by SHA-256) changes nothing and answers the
 * first import's figures; a movement an earlier statement held is not added
 * again. One import per account runs at a time (a lease): another one meanwhile is 409.
 */
type ImportInput = { storeId: string; account: Pick<ProviderAccount, "id" | "storeId">; importedBy: string; body: AsyncIterable<Uint8Array>; date?: string; limit?: number };

export async function importStatement(ctx: Ctx, input: ImportInput): Promise<ImportStatementResult> {
  const bulk = bulkSql(ctx.db);
  const { account } = input;
  const lease = `statement-import:${account.id}`;
  const holder = randomUUID();
  if (!(await takeLease(ctx, lease, holder, LEASE_MS))) {
    throw new AppError("conflict", "Another statement of this provider account is being imported; try again when it has finished");
  }
  // Renewed between steps, but at most every tenth of the lease: each renewal is a durable commit of its own.
  let renewedAt = ctx.now().getTime();
  const keepLease = async () => {
    const now = ctx.now().getTime();
    if (now - renewedAt < LEASE_MS / 10) return true;
    if (!(await takeLease(ctx, lease, holder, LEASE_MS))) return false;
    renewedAt = now;
    return true;
  };
  try {
    // A million rows in short steps: the WAL is checkpointed beside them, not by each step's commit.
    return await bulk.writeBurst(() => importLeased(ctx, input, bulk, keepLease));
  } finally {
    await ctx.db.jobLease.deleteMany({ where: { name: lease, holder } });
  }
}

async function importLeased(ctx: Ctx, input: ImportInput, bulk: BulkSql, keepLease: () => Promise<boolean>): Promise<ImportStatementResult> {
  const { account } = input;
  await discardAbandonedImports(ctx, account.id);
  const source = await statementText(input.body, input.limit ?? STATEMENT_BODY_LIMIT);
  const importer = importerFor(source.firstLine);
  const file = await importer.read(source.text, { date: input.date });
  const day = file.day ?? file.period.start.toISOString().slice(0, 10);
  const importId = newId("stm");
  const at = ctx.now();
  await bulk.transaction((sql) =>
    sql.run(
      `INSERT INTO "StatementImport" ("id", "storeId", "accountId", "status", "format", "day", "periodStart", "periodEnd", "sha256", "lines", "added", "matched", "opened", "importedAt", "importedBy")
       VALUES (?, ?, ?, 'staging', ?, ?, ?, ?, ?, 0, 0, 0, 0, ?, ?)`,
      [importId, input.storeId, account.id, importer.format, day, sqlDate(file.period.start), sqlDate(file.period.end), `staging:${importId}`, sqlDate(at), input.importedBy],
    ),
  );

  let lines = 0;
  let added = 0;
  try {
    let pending: StatementMovement[] = [];
    // Whole transactions' worth at a time, the rest carried over: every INSERT but the file's last is then one
    // prepared statement of a full slice, not one more statement prepared for each size a chunk happened to leave.
    const stage = async () => {
      const movements = pending.length > LINES_PER_TRANSACTION ? pending.slice(0, LINES_PER_TRANSACTION) : pending;
      pending = movements === pending ? [] : pending.slice(LINES_PER_TRANSACTION);
      // Lines nobody sees yet: the durable commit that makes the file visible makes them durable too.
      added += await bulk.transaction((sql) => stageStatementLines(sql, { importId, accountId: account.id, movements }), { durable: false });
      if (!(await keepLease())) throw new Error("lost the statement import lease");
    };
    for await (const movements of file.movements) {
      pending.push(...movements);
      lines += movements.length;
      while (pending.length >= LINES_PER_TRANSACTION) await stage();
    }
    while (pending.length > 0) await stage();
  } catch (error) {
    await discardStagedLines(bulk, importId);
    throw error;
  }

  const sha256 = source.sha256();
  const earlier = await bulk.transaction(async (sql) => {
    const [first] = await sql.all<{ id: string; lines: number; matched: number }>(`SELECT "id", "lines", "matched" FROM "StatementImport" WHERE "accountId" = ? AND "sha256" = ?`, [account.id, sha256]);
    if (first) return first;
    // The moment the file becomes visible, whole: one row.
    await sql.run(`UPDATE "StatementImport" SET "status" = 'imported', "sha256" = ?, "lines" = ?, "added" = ? WHERE "id" = ?`, [sha256, lines, added, importId]);
    return null;
  });
  if (earlier) {
    await discardStagedLines(bulk, importId);
    return { importId: earlier.id, day, period: file.period, lines: earlier.lines, added: 0, matched: earlier.matched, discrepanciesOpened: 0, repeated: true };
  }

  const { matched, opened } = await matchStatementImport(ctx, importId, keepLease);
  await ctx.db.$transaction((tx) =>
    recordAudit(
      tx,
      { storeId: input.storeId, actor: input.importedBy, action: "statement.imported", entityType: "statement", entityId: importId, data: { accountId: account.id, day, lines, added, matched, opened, sha256 } },
      ctx.now(),
    ),
  );
  return { importId, day, period: file.period, lines, added, matched, discrepanciesOpened: opened, repeated: false };
}

/** Imports of the account left staging by a crash: their lines never became visible, and go now. */
async function discardAbandonedImports(ctx: Ctx, accountId: string): Promise<void> {
  const abandoned = await ctx.db.statementImport.findMany({ where: { accountId, status: "staging" }, select: { id: true } });
  for (const { id } of abandoned) await discardStagedLines(bulkSql(ctx.db), id);
}
