import { hasRole, roleOf, type Actor, type Ctx } from "@/lib/context";
import { resolveActingStore } from "./acting-store";
import { hashToken } from "./tokens";

export type StaffSession = {
  sessionId: string;
  staffId: string;
  name: string;
  actor: Actor;
  lastSeenAt: Date;
  /** An owner who used an owner page or action within the owner idle limit; false for a cashier. */
  ownerFresh: boolean;
  ownerSeenAt: Date | null;
};

/** How long a session may stay unused: at the counter, and on owner pages. */
export type IdleLimits = { sessionMs: number; ownerMs: number };

export const DEFAULT_IDLE: IdleLimits = { sessionMs: 12 * 3_600_000, ownerMs: 30 * 60_000 };

/**
 * The live session for a cookie token, or null (unknown, expired, revoked,
 * unused for longer than the idle limit, or staff deactivated).
 */
export async function getSession(ctx: Ctx, token: string | undefined, idle: IdleLimits = DEFAULT_IDLE): Promise<StaffSession | null> {
  if (!token) return null;
  const session = await ctx.db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { staff: true } });
  const now = ctx.now();
  if (!session || session.revokedAt || session.expiresAt <= now || !session.staff.active) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > idle.sessionMs) return null;
  const role = roleOf(session.staff.role);
  const ownerFresh = hasRole(role, "owner") && session.ownerSeenAt !== null && now.getTime() - session.ownerSeenAt.getTime() <= idle.ownerMs;
  return {
    sessionId: session.id,
    staffId: session.staffId,
    name: session.staff.name,
    actor: await actingActor(ctx, { kind: "staff", id: session.staffId, storeId: session.staff.storeId, terminalId: session.terminalId, role }, session.actingStoreId),
    lastSeenAt: session.lastSeenAt,
    ownerFresh,
    ownerSeenAt: session.ownerSeenAt,
  };
}

/**
 * A chain_owner's session acts in the store chosen with the store switcher
 * (Session.actingStoreId); a store that has gone, or any other role, acts in
 * its own store.
 */
async function actingActor(ctx: Ctx, actor: Actor, actingStoreId: string | null): Promise<Actor> {
  if (actor.role !== "chain_owner" || !actingStoreId) return actor;
  try {
    return await resolveActingStore(ctx, actor, actingStoreId);
  } catch {
    return actor;
  }
}
