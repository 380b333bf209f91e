import { randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { logger } from "@/lib/log/logger";

export type LeasedJob = {
  /** The lease row's name: one holder at a time across processes sharing the database. */
  name: string;
  everyMs: number;
  leaseMs: number;
  /**
   * One pass. `keepLease` renews the lease and answers whether this process
   * still holds it: a long pass calls it before each unit of work and stops
   * when it answers false, so that it never outlives its lease.
   */
  run: (keepLease: () => Promise<boolean>) => Promise<unknown>;
};

/**
 * Runs a background job inside the Till server process (DESIGN.md, "one
 * writer"): a pass every `everyMs`, never overlapping the previous one, and
 * only while this process holds the job's lease.
 */
export function runLeasedJob(ctx: Ctx, job: LeasedJob): () => void {
  const holder = randomUUID();
  const keepLease = () => takeLease(ctx, job.name, holder, job.leaseMs);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (await keepLease()) await job.run(keepLease);
    } catch (error) {
      logger.error({ err: error, job: job.name }, "background job pass failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), job.everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Takes or renews a lease; true while `holder` has it until now + leaseMs. */
export async function takeLease(ctx: Ctx, name: string, holder: string, leaseMs: number): Promise<boolean> {
  const now = ctx.now();
  const until = new Date(now.getTime() + leaseMs);
  const taken = await ctx.db.$executeRaw`
    INSERT INTO "JobLease" ("name", "holder", "leaseUntil") VALUES (${name}, ${holder}, ${until})
    ON CONFLICT ("name") DO UPDATE SET "holder" = excluded."holder", "leaseUntil" = excluded."leaseUntil"
    WHERE "JobLease"."holder" = ${holder} OR "JobLease"."leaseUntil" < ${now}`;
  return taken > 0;
}
