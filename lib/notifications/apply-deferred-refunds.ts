import type { Tx } from "@/lib/db/client";
import { applyRefundEvent } from "@/lib/refunds/apply-refund-event";
import { eventFromJson } from "./event-json";

/**
 * Re-applies refund events that arrived before their payment (events come in
 * any order), in the transaction that has just recorded the payment. Answers
 * how many it applied.
 */
export async function applyDeferredRefunds(tx: Tx, accountId: string, providerPaymentId: string, at: Date): Promise<number> {
  // Plain SQL: this runs in every payment's transaction, and almost always finds nothing.
  const waiting = await tx.$queryRaw<{ id: string; eventJson: string | null }[]>`
    SELECT "id", "eventJson" FROM "WebhookDelivery"
    WHERE "accountId" = ${accountId} AND "outcome" = 'deferred' AND "paymentRef" = ${providerPaymentId}
    ORDER BY "receivedAt", "id"`;
  let count = 0;
  for (const delivery of waiting) {
    const event = delivery.eventJson ? eventFromJson(delivery.eventJson) : null;
    if (event?.kind !== "refund.settled") continue;
    const applied = await applyRefundEvent(tx, { accountId, refund: event.refund, at });
    if (applied.outcome === "applied") {
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { outcome: "applied", appliedAt: at } });
      count += 1;
    }
  }
  return count;
}
