import type { Tx } from "@/lib/db/client";
import { applyRefundEvent } from "@/lib/refunds/apply-refund-event";
import { eventFromJson } from "./event-json";

/**
 * Re-applies refund events that arrived before their payment (events come in
 * any order), in the transaction that has just recorded the payment.
 */
export async function applyDeferredRefunds(tx: Tx, accountId: string, providerPaymentId: string, at: Date): Promise<void> {
  const waiting = await tx.webhookDelivery.findMany({
    where: { accountId, outcome: "deferred", paymentRef: providerPaymentId },
    orderBy: { receivedAt: "asc" },
  });
  for (const delivery of waiting) {
    const event = delivery.eventJson ? eventFromJson(delivery.eventJson) : null;
    if (event?.kind !== "refund.settled") continue;
    const applied = await applyRefundEvent(tx, { accountId, refund: event.refund, at });
    if (applied.outcome === "applied") {
      await tx.webhookDelivery.update({ where: { id: delivery.id }, data: { outcome: "applied", appliedAt: at } });
    }
  }
}
