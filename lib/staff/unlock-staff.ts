import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { findManagedStaff } from "./find-managed-staff";

/** Lifts a PIN lockout before it runs out (the owner vouches for who is at the till); a chain owner's only by a chain owner. */
export async function unlockStaff(ctx: Ctx, { actor, staffId }: { actor: Actor; staffId: string }): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await findManagedStaff(tx, actor, staffId);
    await tx.staff.update({ where: { id: staffId }, data: { failedPinCount: 0, lockedUntil: null } });
    await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), action: "staff.unlocked", entityType: "staff", entityId: staffId }, ctx.now());
  });
}
