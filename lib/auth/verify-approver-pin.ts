import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { verifyPin } from "./pin-hash";
import { lockIfExhausted, MAX_FAILED_PINS } from "./sign-in";

/**
 * The owner an approval PIN names (PINs are unique within a store, so the PIN
 * alone names them). A wrong PIN names nobody, so it is counted against every
 * owner of the store it could have been meant for — a guess tests all their
 * PINs at once — with the same lockout as signing in (five wrong in a row lock
 * an owner for 15 minutes). Each try is counted atomically *before* the slow
 * check, so that guesses sent all at once cannot slip past the limit; a right
 * PIN then takes its count back from the others and clears its owner's.
 *
 * 403 approval_required for a wrong PIN; 429 rate_limited when every owner is locked.
 */
export async function verifyApproverPin(ctx: Ctx, { storeId, pin }: { storeId: string; pin: string }): Promise<{ staffId: string }> {
  const now = ctx.now();
  const owners = await ctx.db.staff.findMany({ where: { storeId, role: "owner", active: true }, orderBy: { createdAt: "asc" } });
  if (owners.length === 0) throw new AppError("approval_required", "This store has no owner who could approve the refund");
  const counted: typeof owners = [];
  for (const owner of owners) {
    const reserved = await ctx.db.staff.updateMany({
      where: { id: owner.id, failedPinCount: { lt: MAX_FAILED_PINS }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] },
      data: { failedPinCount: { increment: 1 } },
    });
    if (reserved.count === 1) counted.push(owner);
  }
  if (counted.length === 0) {
    const until = owners.map((o) => o.lockedUntil).filter((d): d is Date => d !== null && d > now).sort((a, b) => a.getTime() - b.getTime())[0];
    throw new AppError("rate_limited", `Owner approval is locked after ${MAX_FAILED_PINS} wrong PINs${until ? ` until ${until.toISOString()}` : ""}`, {
      extra: until ? { locked_until: until.toISOString() } : undefined,
    });
  }
  const matches = await Promise.all(counted.map((o) => verifyPin(pin, o.pinHash)));
  const approver = counted.find((_, i) => matches[i]);
  if (approver) {
    await ctx.db.$transaction(async (tx) => {
      await tx.staff.update({ where: { id: approver.id }, data: { failedPinCount: 0, lockedUntil: null } });
      for (const other of counted.filter((o) => o.id !== approver.id)) {
        await tx.staff.updateMany({ where: { id: other.id, failedPinCount: { gt: 0 } }, data: { failedPinCount: { decrement: 1 } } });
      }
    });
    return { staffId: approver.id };
  }
  let triesLeft = MAX_FAILED_PINS;
  for (const owner of counted) triesLeft = Math.min(triesLeft, (await lockIfExhausted(ctx, owner.id, storeId, now)).triesLeft);
  throw new AppError("approval_required", "That is not an owner's PIN", { extra: { tries_left: triesLeft } });
}
