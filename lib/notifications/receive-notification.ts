import type { Ctx } from "@/lib/context";
import { bulkSql } from "@/lib/db/client";
import { sqlTransaction } from "@/lib/db/sql-tx";
import { decodeRow } from "@/lib/db/decode-row";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { afterPaymentsRecorded } from "@/lib/payments/after-payments-recorded";
import type { RecordedPayment } from "@/lib/payments/record-payment";
import { notificationUnavailableAnswer } from "@/lib/providers/notification-unavailable";
import { isNotificationRejected, type PaymentProvider, type VerifiedNotification } from "@/lib/providers/types";
import { applyInboxEvent } from "./apply-inbox-event";
import { eventToJson } from "./event-json";
import { rejectedAttemptLimiter, rejectedRecord, type RejectedAttemptLimiter } from "./rejected-attempts";
import { logger } from "@/lib/log/logger";

export type NotificationAnswer = { status: number; body: string; contentType: string; headers?: Record<string, string> };

const WEBHOOK_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent"];

/**
 * The notification path (DESIGN.md): verify the signature on the raw bytes →
 * in one transaction store the delivery under its unique event id and apply
 * it → answer. Nothing is acknowledged before it is stored; a rejected attempt
 * is logged without its event id (so a forgery cannot pre-empt the real event),
 * as a bounded record, and a client sending many is answered 429 unrecorded.
 *
 * The secret that verifies names the provider account; an event is unique per
 * account, and each payment lands on the store whose order's charge it concerns.
 */
export async function receiveNotification(
  ctx: Ctx,
  { kind, rawBody, headers, client = "unknown", limiter = rejectedAttemptLimiter() }: { kind: string; rawBody: string; headers: Headers; client?: string; limiter?: RejectedAttemptLimiter },
): Promise<NotificationAnswer> {
  // Read on every delivery: by hand on the raw connection rather than through Prisma's client (lib/db/decode-row.ts).
  const accounts = (
    await bulkSql(ctx.db).read((sql) => sql.all<Record<string, unknown>>(`SELECT * FROM "ProviderAccount" WHERE "kind" = ? ORDER BY "createdAt", "id"`, [kind]))
  ).map((row) => decodeRow<ProviderAccount>(ctx.db, "ProviderAccount", row));
  if (accounts.length === 0) return problem(404, "not_found", `No ${kind} provider account is configured`);
  let verified: { account: ProviderAccount; notification: VerifiedNotification } | undefined;
  let reason = "signature verification failed";
  // During a secret rotation an account's retiring secret verifies too, so that no notification
  // signed either way is refused; the event is the account's whichever secret verified it.
  const candidates = accounts.flatMap((account) => [
    { account, signing: account },
    ...(account.previousWebhookSecret ? [{ account, signing: { ...account, webhookSecret: account.previousWebhookSecret } }] : []),
  ]);
  if (!ctx.secretsKey && accounts.some((a) => a.sealedCredentials !== null)) {
    logger.error({ provider: kind }, `cannot verify a notification from ${kind}: no secrets key is configured (set TILL_SECRETS_KEY, or restore the secrets.key file beside the database); answered 503 so that the provider retries`);
    return notificationUnavailableAnswer(kind, "Till cannot verify notifications yet; retry later");
  }
  for (const { account, signing } of candidates) {
    let provider: PaymentProvider;
    try {
      provider = ctx.provider(signing);
    } catch (error) {
      // The account's credentials cannot be opened (another secrets key, altered): a configuration fault, not the sender's.
      logger.error({ provider: kind, accountId: account.id, reason: error instanceof Error ? error.message : String(error) }, `cannot open the credentials of ${kind} account ${account.id} to verify a notification: check TILL_SECRETS_KEY or the secrets.key file beside the database; answered 503 so that the provider retries`);
      return notificationUnavailableAnswer(kind, "Till cannot verify notifications yet; retry later");
    }
    try {
      verified = { account, notification: provider.verifyNotification(rawBody, headers) };
      break;
    } catch (error) {
      if (!isNotificationRejected(error)) throw error;
      reason = error.reason;
    }
  }
  const headerValues = Object.fromEntries(WEBHOOK_HEADERS.flatMap((h) => (headers.has(h) ? [[h, headers.get(h)!]] : [])));
  if (!verified) {
    if (!limiter.admit(client)) {
      return { ...problem(429, "rate_limited", "Too many rejected notifications; slow down"), headers: { "retry-after": String(limiter.retryAfterS()) } };
    }
    const at = ctx.now();
    await ctx.db.webhookDelivery.create({
      data: { id: newId("whd"), provider: kind, ...rejectedRecord(rawBody, headerValues), verified: false, rejectReason: reason, outcome: "rejected", receivedAt: at, lastSeenAt: at },
    });
    logger.warn({ provider: kind, reason, client }, "rejected a notification");
    return ctx.provider(accounts[0]!).rejectionAnswer?.(reason) ?? problem(401, "unauthorized", `Notification rejected: ${reason}`);
  }
  const { account, notification } = verified;
  const headerJson = JSON.stringify(headerValues);
  const recorded: RecordedPayment[] = [];
  for (const event of notification.events) {
    const at = ctx.now();
    // Plain SQL on the bulk path (lib/db/sql-tx.ts): the one writer is held for the statements' own time.
    const result = await sqlTransaction(ctx.db, async (tx) => {
      const deliveryId = newId("whd");
      const paymentRef = event.kind === "payment.succeeded" ? event.payment.providerPaymentId : event.kind === "refund.settled" ? event.refund.providerPaymentId : null;
      const eventType = event.kind === "unknown" ? event.type : event.kind === "refund.settled" ? `refund.${event.refund.status}` : event.kind;
      const inserted = await tx.$executeRaw`
        INSERT INTO "WebhookDelivery" ("id", "accountId", "provider", "eventId", "eventType", "eventJson", "paymentRef",
          "rawBody", "headers", "receivedAt", "verified", "outcome", "duplicateCount", "lastSeenAt")
        VALUES (${deliveryId}, ${account.id}, ${kind}, ${event.eventId}, ${eventType}, ${eventToJson(event)}, ${paymentRef},
          ${rawBody}, ${headerJson}, ${at}, true, 'received', 0, ${at})
        ON CONFLICT ("accountId", "eventId") DO NOTHING`;
      if (inserted === 0) {
        await tx.$executeRaw`
          UPDATE "WebhookDelivery" SET "duplicateCount" = "duplicateCount" + 1, "lastSeenAt" = ${at}
          WHERE "accountId" = ${account.id} AND "eventId" = ${event.eventId}`;
        return [];
      }
      return applyInboxEvent(tx, { account, deliveryId, event, at });
    });
    recorded.push(...result);
  }
  await afterPaymentsRecorded(ctx, account, recorded);
  return notification.ack;
}

function problem(status: number, code: string, detail: string): NotificationAnswer {
  return { status, body: JSON.stringify({ type: `https://till.dev/problems/${code}`, title: code, status, code, detail }), contentType: "application/problem+json" };
}
