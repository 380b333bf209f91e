import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { storeAccounts } from "./store-accounts";

export type DeliveryDetail = {
  id: string;
  provider: string;
  receivedAt: string;
  lastSeenAt: string;
  eventId: string | null;
  eventType: string | null;
  verified: boolean;
  rejectReason: string | null;
  outcome: string;
  appliedAt: string | null;
  duplicateCount: number;
  /** The webhook-* headers as received (JSON). */
  headers: string;
  /** The whole body of a verified delivery; the first 256 characters of a rejected one. */
  rawBody: string;
  bodyBytes: number | null;
  bodySha256: string | null;
  /** The payment and order the event touched, when Till has them. */
  touched: { paymentId: string; orderId: string | null; orderReference: string | null } | null;
  replayable: boolean;
};

/** One delivery of the store's inbox with its headers and body (shown as text, never as markup). */
export async function getDelivery(ctx: Ctx, { storeId, deliveryId }: { storeId: string; deliveryId: string }): Promise<DeliveryDetail> {
  const { ids, kinds } = await storeAccounts(ctx.db, storeId);
  const d = await ctx.db.webhookDelivery.findUnique({ where: { id: deliveryId } });
  const mine = d && (d.accountId ? ids.includes(d.accountId) : kinds.includes(d.provider));
  if (!d || !mine) throw new AppError("not_found", "No such notification in this store's inbox");
  const payment =
    d.accountId && d.paymentRef
      ? await ctx.db.payment.findUnique({ where: { accountId_providerPaymentId: { accountId: d.accountId, providerPaymentId: d.paymentRef } }, include: { order: { select: { reference: true } } } })
      : null;
  return {
    id: d.id,
    provider: d.provider,
    receivedAt: d.receivedAt.toISOString(),
    lastSeenAt: d.lastSeenAt.toISOString(),
    eventId: d.eventId,
    eventType: d.eventType,
    verified: d.verified,
    rejectReason: d.rejectReason,
    outcome: d.outcome,
    appliedAt: d.appliedAt?.toISOString() ?? null,
    duplicateCount: d.duplicateCount,
    headers: d.headers,
    rawBody: d.rawBody,
    bodyBytes: d.bodyBytes ?? Buffer.byteLength(d.rawBody),
    bodySha256: d.bodySha256,
    touched: payment ? { paymentId: payment.id, orderId: payment.orderId, orderReference: payment.order?.reference ?? null } : null,
    replayable: d.verified && d.eventJson !== null && d.accountId !== null,
  };
}
