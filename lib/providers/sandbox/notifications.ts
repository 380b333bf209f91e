import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { NotificationRejected, type ProviderEvent, type VerifiedNotification } from "@/lib/providers/types";
import { toPayment, toRefund, wirePayment, wireRefund } from "./wire";

const paymentEvent = z.object({
  id: z.string().min(1).max(64),
  type: z.literal("payment.succeeded"),
  data: z.object({ payment: wirePayment }),
});

const refundEvent = z.object({
  id: z.string().min(1).max(64),
  type: z.enum(["refund.succeeded", "refund.failed"]),
  data: z.object({ refund: wireRefund, merchant_ref: z.string().min(1).max(64) }),
});

const anyEvent = z.object({ id: z.string().min(1).max(64), type: z.string().min(1).max(100) });

const ACK = { status: 200, body: '{"received":true}', contentType: "application/json" };

/**
 * Verifies a Standard Webhooks signature (and the ±300 s timestamp) on the raw
 * body before anything is parsed, then reads the event. A signed event of a type
 * Till does not know, or of a shape it cannot read, is still returned (as
 * "unknown") so that it is stored and acknowledged: retrying would not help.
 */
export function verifySandboxNotification(secret: string, rawBody: string, headers: Headers): VerifiedNotification {
  const webhookHeaders = {
    "webhook-id": headers.get("webhook-id") ?? "",
    "webhook-timestamp": headers.get("webhook-timestamp") ?? "",
    "webhook-signature": headers.get("webhook-signature") ?? "",
  };
  if (!webhookHeaders["webhook-id"] || !webhookHeaders["webhook-timestamp"] || !webhookHeaders["webhook-signature"]) {
    throw new NotificationRejected("missing webhook-id, webhook-timestamp or webhook-signature header");
  }
  try {
    // jsonParse off: a signed body that is not JSON is still authentic, stored and acknowledged.
    new Webhook(secret).verify(rawBody, webhookHeaders, { jsonParse: false });
  } catch (error) {
    throw new NotificationRejected(error instanceof Error ? error.message : "signature verification failed");
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { events: [{ kind: "unknown", eventId: webhookHeaders["webhook-id"], type: "unparseable" }], ack: ACK };
  }
  return { events: [readEvent(json, webhookHeaders["webhook-id"])], ack: ACK };
}

function readEvent(json: unknown, headerId: string): ProviderEvent {
  const payment = paymentEvent.safeParse(json);
  if (payment.success) {
    return { kind: "payment.succeeded", eventId: payment.data.id, payment: toPayment(payment.data.data.payment) };
  }
  const refund = refundEvent.safeParse(json);
  if (refund.success) {
    return {
      kind: "refund.settled",
      eventId: refund.data.id,
      refund: toRefund(refund.data.data.refund),
      merchantRef: refund.data.data.merchant_ref,
    };
  }
  const other = anyEvent.safeParse(json);
  return { kind: "unknown", eventId: other.success ? other.data.id : headerId, type: other.success ? other.data.type : "invalid" };
}
