import { NotificationRejected, type ProviderEvent, type VerifiedNotification } from "@/lib/providers/types";
import { yuanToFen } from "./amount";
import type { AlipayConfig } from "./config";
import { rsa2Verify, signContent } from "./signature";
import { fromChinaTime } from "./time";

/** Alipay stops resending after 25 hours (4m,10m,10m,1h,2h,6h,15h); anything older is a replay. */
const MAX_AGE_MS = 26 * 3_600_000;
/** Clocks differ; a notification from further ahead than this is not believed. */
const MAX_AHEAD_MS = 5 * 60_000;

/** Alipay resends until it reads exactly this. */
const ACK = { status: 200, body: "success", contentType: "text/plain; charset=utf-8" };

/**
 * Verifies an asynchronous notification (`trade_status_sync`, a form-encoded
 * POST) before reading it: decoded once, the parameters without `sign` and
 * `sign_type`, empty ones left out, sorted, `k=v&…`, RSA2 with Alipay's public
 * key (rsaCheckV1). Alipay's own SDKs also accept a signature that covers
 * `sign_type` (rsaCheckV2), and so does Till. The notification must be for this
 * app (and seller, when configured) and not older than Alipay's resend window.
 *
 * A verified payment is `payment.succeeded`; anything else verified (a refund's
 * `trade_status_sync`, TRADE_CLOSED) is stored and acknowledged as `unknown`.
 */
export function verifyAlipayNotification(config: AlipayConfig, rawBody: string): VerifiedNotification {
  const form = new URLSearchParams(rawBody);
  const params: Record<string, string> = {};
  for (const [key, value] of form) {
    if (key in params) throw new NotificationRejected(`the parameter ${key} appears twice`, 400);
    params[key] = value;
  }
  const sign = params.sign;
  if (!sign) throw new NotificationRejected("no sign parameter");
  const authentic =
    rsa2Verify(signContent(params, ["sign", "sign_type"]), sign, config.alipayPublicKeyPem) ||
    rsa2Verify(signContent(params, ["sign"]), sign, config.alipayPublicKeyPem);
  if (!authentic) throw new NotificationRejected("the signature is not Alipay's");
  if (params.app_id !== config.appId) throw new NotificationRejected("the notification is for another app");
  if (config.sellerId && params.seller_id && params.seller_id !== config.sellerId) throw new NotificationRejected("the notification is for another seller");

  const notifiedAt = fromChinaTime(params.notify_time ?? "");
  if (!notifiedAt) throw new NotificationRejected("notify_time is missing or malformed", 400);
  const now = (config.now?.() ?? new Date()).getTime();
  if (now - notifiedAt.getTime() > MAX_AGE_MS || notifiedAt.getTime() - now > MAX_AHEAD_MS) {
    throw new NotificationRejected("notify_time is outside the window Alipay resends in");
  }
  const eventId = params.notify_id;
  if (!eventId || eventId.length > 64) throw new NotificationRejected("notify_id is missing or too long", 400);
  return { events: [readEvent(params, eventId)], ack: ACK };
}

function readEvent(params: Record<string, string>, eventId: string): ProviderEvent {
  const status = params.trade_status ?? "";
  const isRefund = Boolean(params.out_biz_no || params.gmt_refund) || (yuanToFen(params.refund_fee ?? "") ?? 0) > 0;
  if ((status === "TRADE_SUCCESS" || status === "TRADE_FINISHED") && !isRefund) {
    const amount = yuanToFen(params.total_amount ?? "");
    const paidAt = fromChinaTime(params.gmt_payment ?? "");
    const tradeNo = params.trade_no ?? "";
    const outTradeNo = params.out_trade_no ?? "";
    if (amount !== null && amount > 0 && paidAt && tradeNo && outTradeNo) {
      return {
        kind: "payment.succeeded",
        eventId,
        payment: {
          providerPaymentId: tradeNo,
          providerChargeId: outTradeNo,
          merchantRef: outTradeNo,
          amount,
          currency: "CNY",
          payer: params.buyer_logon_id || params.buyer_id || null,
          paidAt,
        },
      };
    }
    return { kind: "unknown", eventId, type: `${status}:unreadable` };
  }
  // A refund's notification carries only the trade's cumulative refund_fee: the
  // refund itself is settled from the refund call's answer or alipay.trade.fastpay.refund.query.
  return { kind: "unknown", eventId, type: isRefund ? `${status}:refund` : status || "no_trade_status" };
}
