import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { verifyPin } from "./pin-hash";
import { hashToken, newToken } from "./tokens";

export const MAX_FAILED_PINS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_HOURS = 12;
/** Failed PINs from one client (across staff members) before it must wait. */
const CLIENT_FAILURES_PER_WINDOW = 20;

/**
 * Signs a staff member in with their PIN. Five wrong PINs in a row lock that
 * staff member for 15 minutes (the lock is audited); many failures from one
 * client across staff members are rate-limited as well.
 */
export async function signIn(
  ctx: Ctx,
  { staffId, pin, client }: { staffId: string; pin: string; client: string },
): Promise<{ token: string; expiresAt: Date }> {
  const now = ctx.now();
  const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  const recentFailures = await ctx.db.loginAttempt.count({ where: { client, success: false, createdAt: { gte: windowStart } } });
  if (recentFailures >= CLIENT_FAILURES_PER_WINDOW) {
    throw new AppError("rate_limited", "Too many wrong PINs from this device. Wait 15 minutes.");
  }
  const staff = await ctx.db.staff.findUnique({ where: { id: staffId }, include: { store: { include: { terminals: { orderBy: { createdAt: "asc" }, take: 1 } } } } });
  if (!staff || !staff.active) throw new AppError("unauthorized", "Unknown staff member");
  if (staff.lockedUntil && staff.lockedUntil > now) {
    throw new AppError("rate_limited", `Locked after ${MAX_FAILED_PINS} wrong PINs until ${staff.lockedUntil.toISOString()}`, { extra: { locked_until: staff.lockedUntil.toISOString() } });
  }
  const ok = await verifyPin(pin, staff.pinHash);
  await ctx.db.loginAttempt.create({ data: { id: newId("lat"), client, staffId, success: ok, createdAt: now } });
  if (!ok) {
    const { triesLeft, lockedUntil } = await registerWrongPin(ctx, staff.id, staff.storeId, now);
    if (lockedUntil) {
      throw new AppError("rate_limited", `Locked after ${MAX_FAILED_PINS} wrong PINs until ${lockedUntil.toISOString()}`, { extra: { locked_until: lockedUntil.toISOString() } });
    }
    throw new AppError("unauthorized", "Wrong PIN", { extra: { tries_left: triesLeft } });
  }
  const terminal = staff.store.terminals[0];
  if (!terminal) throw new Error(`Store ${staff.storeId} has no terminal`);
  const token = newToken("ts_");
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000);
  await ctx.db.$transaction(async (tx) => {
    await tx.staff.update({ where: { id: staff.id }, data: { failedPinCount: 0, lockedUntil: null } });
    const sessionId = newId("ses");
    await tx.session.create({ data: { id: sessionId, tokenHash: hashToken(token), staffId: staff.id, terminalId: terminal.id, createdAt: now, expiresAt, lastSeenAt: now } });
    await recordAudit(tx, { storeId: staff.storeId, actor: `staff:${staff.id}`, action: "staff.signed_in", entityType: "staff", entityId: staff.id, data: { session: sessionId } }, now);
  });
  return { token, expiresAt };
}

/** Counts a wrong PIN against a staff member, locking them at the limit. Shared with owner approvals. */
export async function registerWrongPin(ctx: Ctx, staffId: string, storeId: string, now: Date): Promise<{ triesLeft: number; lockedUntil: Date | null }> {
  return ctx.db.$transaction(async (tx) => {
    const staff = await tx.staff.update({ where: { id: staffId }, data: { failedPinCount: { increment: 1 } } });
    if (staff.failedPinCount >= MAX_FAILED_PINS) {
      const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
      await tx.staff.update({ where: { id: staffId }, data: { failedPinCount: 0, lockedUntil } });
      await recordAudit(tx, { storeId, actor: "system", action: "staff.locked", entityType: "staff", entityId: staffId, data: { until: lockedUntil.toISOString() } }, now);
      console.warn(`Staff ${staffId} locked until ${lockedUntil.toISOString()} after ${MAX_FAILED_PINS} wrong PINs`);
      return { triesLeft: 0, lockedUntil };
    }
    return { triesLeft: MAX_FAILED_PINS - staff.failedPinCount, lockedUntil: null };
  });
}
