/**
 * Runs once when the Till server starts: background jobs live inside the one
 * process that writes the database (DESIGN.md, "one writer").
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverCtx } = await import("@/lib/server-context");
  const { runSweeper } = await import("@/lib/orders/run-sweeper");
  runSweeper(await serverCtx());
}
