import type { Ctx } from "@/lib/context";
import { runLeasedJob } from "@/lib/jobs/run-leased-job";
import { pruneRecords, type Retention } from "./prune-records";
import { logger } from "@/lib/log/logger";

/** Prunes old records once an hour, inside the Till server process, under its own lease. */
export function runPruner(ctx: Ctx, retention: Retention, everyMs = 3_600_000): () => void {
  return runLeasedJob(ctx, {
    name: "pruner",
    everyMs,
    leaseMs: 60_000,
    run: async (keepLease) => {
      const counts = await pruneRecords(ctx, retention, keepLease);
      if (Object.values(counts).some((n) => n > 0)) logger.info({ pruned: counts }, "pruned old records");
    },
  });
}
