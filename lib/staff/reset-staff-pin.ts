import { recordAudit } from "@/lib/audit/record-audit";
import { hashPin } from "@/lib/auth/pin-hash";
import { refusePinInUse } from "@/lib/auth/pin-in-use";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { findManagedStaff } from "./find-managed-staff";

/**
 * Gives a staff member a new PIN (unique in the store), which also lifts a
 * lockout; a chain owner's only by a chain owner. The audit says it changed,
 * never what it is.
 */
export async function resetStaffPin(ctx: Ctx, { actor, staffId, pin }: { actor: Actor; staffId: string; pin: string }): Promise<void> {
  const pinHash = await hashPin(pin);
  await ctx.db.$transaction(
    async (tx) => {
      await findManagedStaff(tx, actor, staffId);
      await refusePinInUse(tx, { storeId: actor.storeId, pin, except: staffId });
      await tx.staff.update({ where: { id: staffId }, data: { pinHash, failedPinCount: 0, lockedUntil: null } });
      await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), action: "staff.pin_reset", entityType: "staff", entityId: staffId }, ctx.now());
    },
    { timeout: 30_000 },
  );
}
