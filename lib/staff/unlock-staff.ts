import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** Lifts a PIN lockout before it runs out (the owner vouches for who is at the till). */
export async function unlockStaff(ctx: Ctx, { actor, staffId }: { actor: Actor; staffId: string }): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const unlocked = await tx.staff.updateMany({ where: { id: staffId, storeId: actor.storeId }, data: { failedPinCount: 0, lockedUntil: null } });
    if (unlocked.count === 0) throw new AppError("not_found", "No such staff member in this store");
    await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), action: "staff.unlocked", entityType: "staff", entityId: staffId }, ctx.now());
  });
}
