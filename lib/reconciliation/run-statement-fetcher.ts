import type { Ctx } from "@/lib/context";
import { isAppError } from "@/lib/errors";
import { runLeasedJob } from "@/lib/jobs/run-leased-job";
import { logger } from "@/lib/log/logger";
import { PROVIDER_KINDS } from "@/lib/providers/credentials";
import { fetchStatement } from "./fetch-statement";
import { matchStatementImport } from "./match-statement-import";
import { DAY_MS } from "./statement-importer";


/**
 * One pass of the daily statement job: for every provider account in use,
 * if yesterday's (UTC) full-day statement is not imported yet, fetch and
 * import it; and finish matching any import a crash interrupted.
 */
export async function fetchYesterdaysStatements(ctx: Ctx, keepLease: () => Promise<boolean> = () => Promise.resolve(true)): Promise<{ imported: string[] }> {
  const start = new Date(Math.floor(ctx.now().getTime() / DAY_MS) * DAY_MS - DAY_MS);
  const day = start.toISOString().slice(0, 10);
  const accounts = await ctx.db.providerAccount.findMany({ where: { kind: { in: PROVIDER_KINDS }, connections: { some: {} } }, orderBy: { id: "asc" } });
  const imported: string[] = [];
  for (const account of accounts) {
    if (!(await keepLease())) break;
    try {
      const unfinished = await ctx.db.statementImport.findMany({ where: { accountId: account.id, status: "imported", matchedAt: null }, select: { id: true } });
      for (const { id } of unfinished) await matchStatementImport(ctx, id, keepLease);
      const whole = await ctx.db.statementImport.findFirst({
        where: { accountId: account.id, status: "imported", periodStart: start, periodEnd: new Date(start.getTime() + DAY_MS) },
        select: { id: true },
      });
      if (whole) continue;
      const result = await fetchStatement(ctx, { storeId: account.storeId, account, day, importedBy: "system" });
      imported.push(result.importId);
      logger.info({ account: account.id, day, lines: result.lines, added: result.added, opened: result.discrepanciesOpened }, "imported the provider's statement");
    } catch (error) {
      // A provider that is down, or another import running, is tried again next pass.
      if (isAppError(error)) logger.warn({ account: account.id, day, code: error.code }, "statement not imported this time");
      else logger.error({ err: error, account: account.id, day }, "statement import failed");
    }
  }
  return { imported };
}

/** The daily statement job inside the Till server process, under its own lease; it looks every `everyMs` whether yesterday's statement is in. */
export function runStatementFetcher(ctx: Ctx, everyMs: number): () => void {
  return runLeasedJob(ctx, { name: "statement-fetcher", everyMs, leaseMs: 120_000, run: (keepLease) => fetchYesterdaysStatements(ctx, keepLease) });
}
