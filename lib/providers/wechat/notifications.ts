import { z } from "zod";
import { NotificationRejected, type ProviderEvent, type VerifiedNotification } from "@/lib/providers/types";
import { decryptResource } from "./aead";
import type { WechatPayConfig, WechatPayKeys } from "./config";
import { signedHeadersOf, wechatSignatureProblem } from "./signing";
import { paymentOf, refundOf, wireRefundNotice, wireTransaction } from "./wire";

const envelope = z.object({
  id: z.string().min(1).max(64),
  event_type: z.string().min(1).max(100),
  resource_type: z.string().optional(),
  resource: z.object({
    algorithm: z.string(),
    ciphertext: z.string().min(1),
    nonce: z.string().min(1),
    associated_data: z.string().nullish(),
    original_type: z.string().optional(),
  }),
});

/** WeChat Pay reads any 2xx as received; the body is not needed (and 204 may carry none). */
export const WECHAT_ACK = { status: 200, body: "", contentType: "text/plain; charset=utf-8" };

/** What WeChat Pay expects when a notification is refused: a 4xx/5xx with this body. It retries for about a day. */
export function wechatFailAnswer(message: string, status = 401) {
  return { status, body: JSON.stringify({ code: "FAIL", message }), contentType: "application/json" };
}

/**
 * Verifies a WeChat Pay notification on its raw bytes (Wechatpay-Serial names
 * the key Till holds, the timestamp is within ±300 s, RSA-SHA256 over
 * `timestamp\nnonce\nbody\n`), then decrypts its `resource` with the APIv3
 * key. A signed notification that cannot be decrypted is refused (a wrong
 * APIv3 key: WeChat retries while it is fixed); a signed one of a type or
 * shape Till does not read is stored and acknowledged as "unknown".
 */
export function verifyWechatNotification(config: WechatPayConfig, keys: WechatPayKeys, rawBody: string, headers: Headers): VerifiedNotification {
  const signed = signedHeadersOf(headers);
  const problem = wechatSignatureProblem(signed, rawBody, {
    publicKeyId: config.wechatPayPublicKeyId,
    publicKey: keys.wechatPayPublicKey,
    now: config.now ? config.now() : new Date(),
  });
  if (problem) throw new NotificationRejected(problem);

  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return { events: [{ kind: "unknown", eventId: `unparseable:${signed.timestamp}:${signed.nonce}`, type: "unparseable" }], ack: WECHAT_ACK };
  }
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const id = z.object({ id: z.string().min(1).max(64) }).safeParse(json);
    return { events: [{ kind: "unknown", eventId: id.success ? id.data.id : `invalid:${signed.timestamp}:${signed.nonce}`, type: "invalid" }], ack: WECHAT_ACK };
  }
  let plaintext: string;
  try {
    plaintext = decryptResource(parsed.data.resource, config.apiV3Key);
  } catch {
    throw new NotificationRejected("the resource could not be decrypted with the APIv3 key");
  }
  return { events: [eventOf(parsed.data.id, parsed.data.event_type, plaintext)], ack: WECHAT_ACK };
}

function eventOf(eventId: string, type: string, plaintext: string): ProviderEvent {
  let resource: unknown;
  try {
    resource = JSON.parse(plaintext);
  } catch {
    return { kind: "unknown", eventId, type };
  }
  if (type === "TRANSACTION.SUCCESS") {
    const transaction = wireTransaction.safeParse(resource);
    const payment = transaction.success ? paymentOf(transaction.data) : null;
    if (payment) return { kind: "payment.succeeded", eventId, payment };
  }
  if (type === "REFUND.SUCCESS" || type === "REFUND.ABNORMAL" || type === "REFUND.CLOSED") {
    const notice = wireRefundNotice.safeParse(resource);
    if (notice.success) {
      const refund = refundOf({ ...notice.data, status: notice.data.refund_status });
      return { kind: "refund.settled", eventId, refund, merchantRef: notice.data.out_trade_no };
    }
  }
  return { kind: "unknown", eventId, type };
}
