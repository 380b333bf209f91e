import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { findManagedStaff } from "./find-managed-staff";

/** Ends a session of the store's staff (a chain owner's only by a chain owner): the device is signed out on its next request. */
export async function revokeSession(ctx: Ctx, { actor, sessionId }: { actor: Actor; sessionId: string }): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const session = await tx.session.findFirst({ where: { id: sessionId, staff: { storeId: actor.storeId } }, select: { id: true, staffId: true, revokedAt: true } });
    if (!session) throw new AppError("not_found", "No such session in this store");
    await findManagedStaff(tx, actor, session.staffId);
    if (session.revokedAt) return;
    await tx.session.update({ where: { id: sessionId }, data: { revokedAt: ctx.now() } });
    await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), action: "session.revoked", entityType: "staff", entityId: session.staffId, data: { sessionId } }, ctx.now());
  });
}
