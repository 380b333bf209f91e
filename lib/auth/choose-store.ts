import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/**
 * A chain_owner's session acts in another store from now on (the store
 * switcher on the owner pages); its own store again with its home store id.
 * Anyone else, or an unknown store: 404.
 */
export async function chooseStore(ctx: Ctx, { actor, sessionId, storeId }: { actor: Actor; sessionId: string; storeId: string }): Promise<void> {
  if (actor.role !== "chain_owner") throw new AppError("not_found", "No such store");
  const store = await ctx.db.store.findUnique({ where: { id: storeId }, select: { id: true } });
  if (!store) throw new AppError("not_found", "No such store");
  const home = actor.homeStoreId ?? actor.storeId;
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.session.update({ where: { id: sessionId }, data: { actingStoreId: storeId === home ? null : storeId } });
    await recordAudit(tx, { storeId, actor: actorRef(actor), action: "store.chosen", entityType: "store", entityId: storeId, data: { from: actor.storeId } }, at);
  });
}
