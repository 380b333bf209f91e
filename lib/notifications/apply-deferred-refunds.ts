import { prismaTx, type SqlTx } from "@/lib/db/sql-tx";
import { applyRefundEvent } from "@/lib/refunds/apply-refund-event";
import { eventFromJson } from "./event-json";

/**
 * Re-applies refund events that arrived before their payment (events come in
 * any order), in the transaction that has just recorded the payment. Answers
 * how many it applied.
 */
export async function applyDeferredRefunds(tx: SqlTx, accountId: string, providerPaymentId: string, at: Date): Promise<number> {
  // Plain SQL: this runs in every payment's transaction, and almost always finds nothing.
  const waiting = await tx.$queryRaw<{ id: string; eventJson: string | null }[]>`
    SELECT "id", "eventJson" FROM "WebhookDelivery"
    WHERE "accountId" = ${accountId} AND "outcome" = 'deferred' AND "paymentRef" = ${providerPaymentId}
    ORDER BY "receivedAt", "id"`;
  let count = 0;
  // Rare (a refund's event before its payment's): written with Prisma's models.
  const models = waiting.length > 0 ? prismaTx(tx, "refunds waiting for this payment") : null;
  for (const delivery of waiting) {
    const event = delivery.eventJson ? eventFromJson(delivery.eventJson) : null;
    if (event?.kind !== "refund.settled") continue;
    const applied = await applyRefundEvent(models!, { accountId, refund: event.refund, at });
    if (applied.outcome === "applied") {
      await models!.webhookDelivery.update({ where: { id: delivery.id }, data: { outcome: "applied", appliedAt: at } });
      count += 1;
    }
  }
  return count;
}
