import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { verifyPin } from "./pin-hash";
import { hashToken, newToken } from "./tokens";
import { logger } from "@/lib/log/logger";

export const MAX_FAILED_PINS = 5;
export const LOCK_MINUTES = 15;
export const SESSION_HOURS = 12;
/** Failed PINs from one client (across staff members) before it must wait. */
const CLIENT_FAILURES_PER_WINDOW = 20;

/**
 * Signs a staff member in with their PIN. Five wrong PINs in a row lock that
 * staff member for 15 minutes (the lock is audited); many failures from one
 * client across staff members are rate-limited as well.
 *
 * `replacing` is the session token already on the device, if any: it is revoked
 * in the same transaction that makes the new session, so a wrong PIN (or a
 * refused attempt) never signs out whoever is at the till.
 */
export async function signIn(
  ctx: Ctx,
  { staffId, pin, client, replacing }: { staffId: string; pin: string; client: string; replacing?: string },
): Promise<{ token: string; expiresAt: Date; storeId: string }> {
  const now = ctx.now();
  const staff = await ctx.db.staff.findUnique({ where: { id: staffId }, include: { store: { include: { terminals: { orderBy: { createdAt: "asc" }, take: 1 } } } } });
  if (!staff || !staff.active) throw new AppError("unauthorized", "Unknown staff member");
  // Every attempt is counted *before* the slow PIN check, atomically, so that
  // guesses sent all at once cannot slip past the limits while others are checked.
  const attemptId = newId("lat");
  await ctx.db.loginAttempt.create({ data: { id: attemptId, client, staffId, success: false, createdAt: now } });
  const windowStart = new Date(now.getTime() - LOCK_MINUTES * 60_000);
  const clientFailures = await ctx.db.loginAttempt.count({ where: { client, success: false, createdAt: { gte: windowStart } } });
  if (clientFailures > CLIENT_FAILURES_PER_WINDOW) {
    throw new AppError("rate_limited", "Too many wrong PINs from this device. Wait 15 minutes.");
  }
  const reserved = await ctx.db.staff.updateMany({
    where: { id: staff.id, failedPinCount: { lt: MAX_FAILED_PINS }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
    data: { failedPinCount: { increment: 1 } },
  });
  if (reserved.count === 0) {
    const current = await ctx.db.staff.findUniqueOrThrow({ where: { id: staff.id } });
    const until = current.lockedUntil && current.lockedUntil > now ? current.lockedUntil : new Date(now.getTime() + LOCK_MINUTES * 60_000);
    throw new AppError("rate_limited", `Locked after ${MAX_FAILED_PINS} wrong PINs until ${until.toISOString()}`, { extra: { locked_until: until.toISOString() } });
  }
  const ok = await verifyPin(pin, staff.pinHash);
  if (!ok) {
    await ctx.db.$transaction((tx) =>
      recordAudit(tx, { storeId: staff.storeId, actor: `staff:${staff.id}`, action: "staff.sign_in_failed", entityType: "staff", entityId: staff.id, data: { client } }, now),
    );
    const { triesLeft, lockedUntil } = await lockIfExhausted(ctx, staff.id, staff.storeId, now);
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
    await tx.loginAttempt.update({ where: { id: attemptId }, data: { success: true } });
    if (replacing) await tx.session.updateMany({ where: { tokenHash: hashToken(replacing), revokedAt: null }, data: { revokedAt: now } });
    const sessionId = newId("ses");
    await tx.session.create({
      data: { id: sessionId, tokenHash: hashToken(token), staffId: staff.id, terminalId: terminal.id, createdAt: now, expiresAt, lastSeenAt: now, ownerSeenAt: staff.role === "owner" || staff.role === "chain_owner" ? now : null },
    });
    await recordAudit(tx, { storeId: staff.storeId, actor: `staff:${staff.id}`, action: "staff.signed_in", entityType: "staff", entityId: staff.id, data: { session: sessionId } }, now);
  });
  return { token, expiresAt, storeId: staff.storeId };
}

/**
 * After a wrong PIN (already counted): lock the staff member once the count
 * reaches the limit, and audit the lock. Shared with owner approvals.
 */
export async function lockIfExhausted(ctx: Ctx, staffId: string, storeId: string, now: Date): Promise<{ triesLeft: number; lockedUntil: Date | null }> {
  return ctx.db.$transaction(async (tx) => {
    const staff = await tx.staff.findUniqueOrThrow({ where: { id: staffId } });
    if (staff.lockedUntil && staff.lockedUntil > now) return { triesLeft: 0, lockedUntil: staff.lockedUntil };
    if (staff.failedPinCount < MAX_FAILED_PINS) return { triesLeft: MAX_FAILED_PINS - staff.failedPinCount, lockedUntil: null };
    const lockedUntil = new Date(now.getTime() + LOCK_MINUTES * 60_000);
    await tx.staff.update({ where: { id: staffId }, data: { failedPinCount: 0, lockedUntil } });
    await recordAudit(tx, { storeId, actor: "system", action: "staff.locked", entityType: "staff", entityId: staffId, data: { until: lockedUntil.toISOString() } }, now);
    logger.warn({ staffId, lockedUntil: lockedUntil.toISOString() }, `staff member locked after ${MAX_FAILED_PINS} wrong PINs`);
    return { triesLeft: 0, lockedUntil };
  });
}
