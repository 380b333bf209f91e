import type { Ctx } from "@/lib/context";

export type Retention = {
  /** Days an acknowledged inbox row and a sign-in attempt are kept. */
  days: number;
  /** Days a rejected notification attempt is kept. */
  rejectedDays: number;
  /** At most this many rejected attempts are kept, the newest. */
  rejectedKeep: number;
};

export const DEFAULT_REJECTED_KEEP = 10_000;
const BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * Deletes what Till no longer needs, in short batches so that the one writer
 * is never held for long: inbox rows of applied, duplicate and ignored events
 * past the retention (a deferred one waits for its payment, however old), all
 * but the newest rejected attempts and those past their shorter retention,
 * expired idempotency records, and old sign-in attempts. Money rows and the
 * audit log are never pruned.
 */
export async function pruneRecords(ctx: Ctx, retention: Retention, keepLease: () => Promise<boolean> = () => Promise.resolve(true)) {
  const now = ctx.now().getTime();
  const counts = { deliveries: 0, rejected: 0, idempotency: 0, loginAttempts: 0 };
  const db = ctx.db;

  counts.deliveries = await inBatches(keepLease, async () => {
    const rows = await db.webhookDelivery.findMany({
      where: { verified: true, receivedAt: { lt: new Date(now - retention.days * DAY_MS) }, outcome: { in: ["applied", "duplicate", "ignored"] } },
      select: { id: true },
      take: BATCH,
    });
    return (await db.webhookDelivery.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count;
  });

  const newestKept = await db.webhookDelivery.findFirst({ where: { verified: false }, orderBy: { receivedAt: "desc" }, skip: Math.max(0, retention.rejectedKeep - 1), select: { receivedAt: true } });
  const rejectedBefore = Math.max(now - retention.rejectedDays * DAY_MS, newestKept?.receivedAt.getTime() ?? -Infinity);
  counts.rejected = await inBatches(keepLease, async () => {
    const rows = await db.webhookDelivery.findMany({ where: { verified: false, receivedAt: { lt: new Date(rejectedBefore) } }, select: { id: true }, take: BATCH });
    return (await db.webhookDelivery.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count;
  });

  counts.idempotency = await inBatches(keepLease, async () => {
    const rows = await db.idempotencyRecord.findMany({ where: { expiresAt: { lt: new Date(now) } }, select: { id: true }, take: BATCH });
    return (await db.idempotencyRecord.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count;
  });

  counts.loginAttempts = await inBatches(keepLease, async () => {
    const rows = await db.loginAttempt.findMany({ where: { createdAt: { lt: new Date(now - retention.days * DAY_MS) } }, select: { id: true }, take: BATCH });
    return (await db.loginAttempt.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } })).count;
  });
  return counts;
}

async function inBatches(keepLease: () => Promise<boolean>, deleteBatch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    if (!(await keepLease())) return total;
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < BATCH) return total;
  }
}
