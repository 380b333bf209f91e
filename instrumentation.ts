/**
 * Runs once when the Till server starts: background jobs live inside the one
 * process that writes the database (DESIGN.md, "one writer").
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverCtx } = await import("@/lib/server-context");
  const { env } = await import("@/lib/env");
  const { runSweeper } = await import("@/lib/orders/run-sweeper");
  const { runRefundSweeper } = await import("@/lib/refunds/run-refund-sweeper");
  const { runPruner } = await import("@/lib/maintenance/run-pruner");
  const { DEFAULT_REJECTED_KEEP } = await import("@/lib/maintenance/prune-records");
  const { runStatementFetcher } = await import("@/lib/reconciliation/run-statement-fetcher");
  const ctx = await serverCtx();
  const e = env();
  runSweeper(ctx);
  runRefundSweeper(ctx);
  runPruner(ctx, { days: e.TILL_RETENTION_DAYS, rejectedDays: e.TILL_REJECTED_RETENTION_DAYS, rejectedKeep: DEFAULT_REJECTED_KEEP });
  runStatementFetcher(ctx, e.TILL_STATEMENT_FETCH_EVERY_S * 1000);
}
