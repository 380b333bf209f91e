import type { Ctx } from "@/lib/context";
import { runLeasedJob } from "@/lib/jobs/run-leased-job";
import { sweepOrders } from "./sweep-orders";

/**
 * How long the sweeper's lease lasts. It is renewed before every order a pass
 * looks at, so it only has to outlast one order: a close and a query, each
 * bounded by the provider time-out (TILL_PROVIDER_TIMEOUT_S, default 8 s).
 */
export const SWEEPER_LEASE_MS = 30_000;

/**
 * Runs the sweeper every second inside the Till server process. A lease row
 * makes it run once at a time even if a second server were started on the
 * same database; a pass never overlaps the previous one, and stops if a slow
 * provider let its lease lapse.
 */
export function runSweeper(ctx: Ctx, tickMs = 1_000, leaseMs = SWEEPER_LEASE_MS): () => void {
  return runLeasedJob(ctx, { name: "sweeper", everyMs: tickMs, leaseMs, run: (keepLease) => sweepOrders(ctx, { keepLease }) });
}
