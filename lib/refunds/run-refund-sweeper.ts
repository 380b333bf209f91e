import type { Ctx } from "@/lib/context";
import { runLeasedJob } from "@/lib/jobs/run-leased-job";
import { sweepRefunds } from "./sweep-refunds";

/**
 * How long the refund sweeper's lease lasts. It is renewed before every refund
 * a pass looks at, so it only has to outlast one refund: a look-up and a
 * re-send, each bounded by the provider time-out (TILL_PROVIDER_TIMEOUT_S).
 */
export const REFUND_SWEEPER_LEASE_MS = 30_000;

/**
 * Runs the refund sweeper every second inside the Till server process, under
 * its own lease (one holder across processes sharing the database), next to
 * the order sweeper. Refunds are first looked at TILL_SWEEP_AFTER_S after they
 * were reserved or acknowledged, then every TILL_SWEEP_EVERY_S while they wait.
 */
export function runRefundSweeper(ctx: Ctx, tickMs = 1_000, leaseMs = REFUND_SWEEPER_LEASE_MS): () => void {
  return runLeasedJob(ctx, { name: "refund-sweeper", everyMs: tickMs, leaseMs, run: (keepLease) => sweepRefunds(ctx, { keepLease }) });
}
