import type { Ctx } from "@/lib/context";
import type { StaffSession } from "./get-session";

/** Activity is written at most this often: a page view is not a write. */
const TOUCH_EVERY_MS = 30_000;

/**
 * Records that a session was used (and, with `owner`, used on an owner page by
 * a still-fresh owner), so that the idle limits count from the last use.
 */
export async function touchSession(ctx: Ctx, session: StaffSession, { owner = false }: { owner?: boolean } = {}): Promise<void> {
  const now = ctx.now();
  const stale = (at: Date | null) => at === null || now.getTime() - at.getTime() >= TOUCH_EVERY_MS;
  const touchOwner = owner && session.ownerFresh && stale(session.ownerSeenAt);
  if (!stale(session.lastSeenAt) && !touchOwner) return;
  await ctx.db.session.updateMany({
    where: { id: session.sessionId, revokedAt: null },
    data: { lastSeenAt: now, ...(touchOwner ? { ownerSeenAt: now } : {}) },
  });
}
