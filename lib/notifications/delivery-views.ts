import type { Db } from "@/lib/db/client";
import type { DeliveryRow } from "./list-deliveries";

/** A listed delivery for the browser: its row's facts, the time as RFC 3339, and the order its payment belongs to. */
export type DeliveryView = Pick<DeliveryRow, "id" | "eventId" | "eventType" | "verified" | "rejectReason" | "outcome" | "duplicateCount"> & {
  receivedAt: string;
  orderId: string | null;
  orderReference: string | null;
};

/** A page of deliveries with the order each one's payment belongs to (one look-up by the unique (account, provider payment id)). */
export async function deliveryViews(db: Db, rows: DeliveryRow[]): Promise<DeliveryView[]> {
  const accountIds = [...new Set(rows.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
  const refs = [...new Set(rows.flatMap((r) => (r.paymentRef ? [r.paymentRef] : [])))];
  const payments =
    accountIds.length && refs.length
      ? await db.payment.findMany({
          where: { accountId: { in: accountIds }, providerPaymentId: { in: refs } },
          select: { accountId: true, providerPaymentId: true, orderId: true, order: { select: { reference: true } } },
        })
      : [];
  const byRef = new Map(payments.map((p) => [`${p.accountId}|${p.providerPaymentId}`, p]));
  return rows.map((r) => {
    const payment = r.accountId && r.paymentRef ? byRef.get(`${r.accountId}|${r.paymentRef}`) : undefined;
    return {
      id: r.id,
      receivedAt: r.receivedAt.toISOString(),
      eventId: r.eventId,
      eventType: r.eventType,
      verified: r.verified,
      rejectReason: r.rejectReason,
      outcome: r.outcome,
      duplicateCount: r.duplicateCount,
      orderId: payment?.orderId ?? null,
      orderReference: payment?.order?.reference ?? null,
    };
  });
}
