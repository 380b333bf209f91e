import type { Ctx } from "@/lib/context";
import type { ProviderConnection } from "@/lib/generated/prisma/client";
import { newId } from "@/lib/ids";
import { afterPaymentsRecorded } from "@/lib/payments/after-payments-recorded";
import type { RecordedPayment } from "@/lib/payments/record-payment";
import { isNotificationRejected, type VerifiedNotification } from "@/lib/providers/types";
import { applyInboxEvent } from "./apply-inbox-event";
import { eventToJson } from "./event-json";

export type NotificationAnswer = { status: number; body: string; contentType: string };

const WEBHOOK_HEADERS = ["webhook-id", "webhook-timestamp", "webhook-signature", "content-type", "user-agent"];

/**
 * The notification path (DESIGN.md): verify the signature on the raw bytes →
 * in one transaction store the delivery under its unique event id and apply
 * it → answer. Nothing is acknowledged before it is stored; a rejected attempt
 * is logged without its event id, so a forgery cannot pre-empt the real event.
 */
export async function receiveNotification(ctx: Ctx, { kind, rawBody, headers }: { kind: string; rawBody: string; headers: Headers }): Promise<NotificationAnswer> {
  const connections = await ctx.db.providerConnection.findMany({ where: { kind } });
  if (connections.length === 0) return problem(404, "not_found", `No ${kind} connection is configured`);
  const headerJson = JSON.stringify(Object.fromEntries(WEBHOOK_HEADERS.flatMap((h) => (headers.has(h) ? [[h, headers.get(h)]] : []))));

  // Several stores may each have a connection of this kind: the secret that verifies names the connection.
  let verified: { connection: ProviderConnection; notification: VerifiedNotification } | undefined;
  let reason = "signature verification failed";
  for (const connection of connections) {
    try {
      verified = { connection, notification: ctx.provider(connection).verifyNotification(rawBody, headers) };
      break;
    } catch (error) {
      if (!isNotificationRejected(error)) throw error;
      reason = error.reason;
    }
  }
  if (!verified) {
    await ctx.db.webhookDelivery.create({
      data: { id: newId("whd"), provider: kind, rawBody, headers: headerJson, verified: false, rejectReason: reason, outcome: "rejected", receivedAt: ctx.now(), lastSeenAt: ctx.now() },
    });
    console.warn(`Rejected a ${kind} notification: ${reason}`);
    return problem(401, "unauthorized", `Notification rejected: ${reason}`);
  }

  const { connection, notification } = verified;
  const recorded: RecordedPayment[] = [];
  for (const event of notification.events) {
    const at = ctx.now();
    const result = await ctx.db.$transaction(async (tx) => {
      const deliveryId = newId("whd");
      const paymentRef = event.kind === "payment.succeeded" ? event.payment.providerPaymentId : event.kind === "refund.settled" ? event.refund.providerPaymentId : null;
      const eventType = event.kind === "unknown" ? event.type : event.kind === "refund.settled" ? `refund.${event.refund.status}` : event.kind;
      const inserted = await tx.$executeRaw`
        INSERT INTO "WebhookDelivery" ("id", "connectionId", "provider", "eventId", "eventType", "eventJson", "paymentRef",
          "rawBody", "headers", "receivedAt", "verified", "outcome", "duplicateCount", "lastSeenAt")
        VALUES (${deliveryId}, ${connection.id}, ${kind}, ${event.eventId}, ${eventType}, ${eventToJson(event)}, ${paymentRef},
          ${rawBody}, ${headerJson}, ${at}, true, 'received', 0, ${at})
        ON CONFLICT ("connectionId", "eventId") DO NOTHING`;
      if (inserted === 0) {
        await tx.webhookDelivery.update({
          where: { connectionId_eventId: { connectionId: connection.id, eventId: event.eventId } },
          data: { duplicateCount: { increment: 1 }, lastSeenAt: at },
        });
        return [];
      }
      return applyInboxEvent(tx, { connection, deliveryId, event, at });
    });
    recorded.push(...result);
  }
  await afterPaymentsRecorded(ctx, connection, recorded);
  return notification.ack;
}

function problem(status: number, code: string, detail: string): NotificationAnswer {
  return { status, body: JSON.stringify({ type: `https://till.dev/problems/${code}`, title: code, status, code, detail }), contentType: "application/problem+json" };
}
