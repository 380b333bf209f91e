import { roleOf, type Ctx } from "@/lib/context";

/**
 * The store's staff for the owner, with each member's live sessions (device
 * and last use) and whether a lockout is running. Served by Staff("storeId")
 * and Session("staffId") indexes.
 */
export async function listStaff(ctx: Ctx, storeId: string) {
  const now = ctx.now();
  const staff = await ctx.db.staff.findMany({
    where: { storeId },
    orderBy: [{ active: "desc" }, { role: "desc" }, { name: "asc" }],
    include: { sessions: { where: { revokedAt: null, expiresAt: { gt: now } }, include: { terminal: { select: { name: true, code: true } } }, orderBy: { lastSeenAt: "desc" } } },
  });
  return staff.map((s) => ({
    id: s.id,
    name: s.name,
    role: roleOf(s.role),
    active: s.active,
    locked: s.lockedUntil !== null && s.lockedUntil > now,
    sessions: s.sessions.map((session) => ({ id: session.id, terminal: `${session.terminal.code} ${session.terminal.name}`, lastSeenAt: session.lastSeenAt.toISOString() })),
  }));
}
