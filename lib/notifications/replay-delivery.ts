import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { afterPaymentsRecorded } from "@/lib/payments/after-payments-recorded";
import { applyInboxEvent } from "./apply-inbox-event";
import { eventFromJson } from "./event-json";
import { storeAccounts } from "./store-accounts";

/**
 * Re-applies a stored, verified delivery through the notification path's own
 * apply step (applyInboxEvent), in one transaction. Idempotent by the same
 * unique constraints as a redelivery: a replayed applied event changes
 * nothing; a replayed deferred event applies once its payment has arrived.
 * A rejected attempt proved nothing and cannot be replayed.
 */
export async function replayDelivery(ctx: Ctx, { actor, deliveryId }: { actor: Actor; deliveryId: string }): Promise<{ before: string; after: string }> {
  const { ids } = await storeAccounts(ctx.db, actor.storeId);
  const delivery = await ctx.db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  if (!delivery || (delivery.accountId !== null && !ids.includes(delivery.accountId)) || (delivery.accountId === null && delivery.verified)) {
    throw new AppError("not_found", "No such notification in this store's inbox");
  }
  if (!delivery.verified || delivery.accountId === null || delivery.eventJson === null) {
    throw new AppError("conflict", "Only a verified notification can be replayed");
  }
  const account = await ctx.db.providerAccount.findUniqueOrThrow({ where: { id: delivery.accountId } });
  const event = eventFromJson(delivery.eventJson);
  const at = ctx.now();
  const { recorded, after } = await ctx.db.$transaction(async (tx) => {
    const recorded = await applyInboxEvent(tx, { account, deliveryId: delivery.id, event, at, replay: true });
    const after = (await tx.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id }, select: { outcome: true } })).outcome;
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "notification.replayed", entityType: "webhook_delivery", entityId: delivery.id, data: { eventId: delivery.eventId, before: delivery.outcome, after } },
      at,
    );
    return { recorded, after };
  });
  await afterPaymentsRecorded(ctx, account, recorded);
  return { before: delivery.outcome, after };
}
