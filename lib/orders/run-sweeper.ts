import { randomUUID } from "node:crypto";
import type { Ctx } from "@/lib/context";
import { sweepOrders } from "./sweep-orders";

const LEASE_MS = 10_000;

/**
 * Runs the sweeper every second inside the Till server process. A lease row
 * makes it run once at a time even if a second server were started on the
 * same database; a pass never overlaps the previous one.
 */
export function runSweeper(ctx: Ctx, tickMs = 1_000): () => void {
  const holder = randomUUID();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      if (await takeLease(ctx, holder)) await sweepOrders(ctx);
    } catch (error) {
      console.error("sweeper pass failed:", error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), tickMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function takeLease(ctx: Ctx, holder: string): Promise<boolean> {
  const now = ctx.now();
  const until = new Date(now.getTime() + LEASE_MS);
  const taken = await ctx.db.$executeRaw`
    INSERT INTO "JobLease" ("name", "holder", "leaseUntil") VALUES ('sweeper', ${holder}, ${until})
    ON CONFLICT ("name") DO UPDATE SET "holder" = excluded."holder", "leaseUntil" = excluded."leaseUntil"
    WHERE "JobLease"."holder" = ${holder} OR "JobLease"."leaseUntil" < ${now}`;
  return taken > 0;
}
