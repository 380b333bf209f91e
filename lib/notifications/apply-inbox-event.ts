import { prismaTx, type SqlTx } from "@/lib/db/sql-tx";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { recordPayment, type RecordedPayment } from "@/lib/payments/record-payment";
import type { ProviderEvent } from "@/lib/providers/types";
import { applyRefundEvent } from "@/lib/refunds/apply-refund-event";

/**
 * Applies one stored inbox event inside the transaction that stored it, and
 * sets the delivery's outcome. A `replay` (the owner re-applying a stored
 * delivery) goes through the same path; it changes the stored outcome only
 * when it applied something (a deferred event whose payment has arrived), so
 * that replaying an applied event leaves its history as it was.
 */
export async function applyInboxEvent(
  tx: SqlTx,
  { account, deliveryId, event, at, replay = false }: { account: ProviderAccount; deliveryId: string; event: ProviderEvent; at: Date; replay?: boolean },
): Promise<RecordedPayment[]> {
  const results: RecordedPayment[] = [];
  let outcome: "applied" | "ignored" | "deferred" | "duplicate" = "ignored";
  if (event.kind === "payment.succeeded") {
    const recorded = await recordPayment(tx, { account, payment: event.payment, source: "notification", at });
    results.push(recorded);
    // The same payment announced again under another event id changes nothing.
    outcome = recorded.recorded ? "applied" : "duplicate";
  } else if (event.kind === "refund.settled") {
    const applied = await applyRefundEvent(prismaTx(tx, "a refund's event"), { accountId: account.id, refund: event.refund, at });
    outcome = applied.outcome;
    if (applied.orderId && applied.storeId && applied.status) {
      results.push({ recorded: true, paymentId: "", orderId: applied.orderId, storeId: applied.storeId, status: applied.status, closeCharge: false });
    }
  }
  if (replay) {
    if (outcome === "applied") await tx.$executeRaw`UPDATE "WebhookDelivery" SET "outcome" = ${outcome}, "appliedAt" = ${at} WHERE "id" = ${deliveryId} AND "outcome" <> 'applied'`;
  } else {
    await tx.$executeRaw`UPDATE "WebhookDelivery" SET "outcome" = ${outcome}, "appliedAt" = ${outcome === "applied" ? at : null} WHERE "id" = ${deliveryId}`;
  }
  return results;
}
