import { wechatFailAnswer } from "./wechat/notifications";

/**
 * What a provider reads as "not received, send it again", in its own format,
 * for a notification Till cannot verify yet because its configuration is
 * missing (not because the notification is bad): 503, so that the provider
 * keeps retrying (WeChat Pay about a day, Alipay 25 hours) while it is fixed.
 */
export function notificationUnavailableAnswer(kind: string, message: string): { status: number; body: string; contentType: string } {
  switch (kind) {
    case "wechat":
      return wechatFailAnswer(message, 503);
    case "alipay":
      // Alipay resends until the body is exactly "success"; anything else is a failure.
      return { status: 503, body: "fail", contentType: "text/plain; charset=utf-8" };
    default:
      return {
        status: 503,
        body: JSON.stringify({ type: "https://till.dev/problems/provider_unavailable", title: "provider_unavailable", status: 503, code: "provider_unavailable", detail: message }),
        contentType: "application/problem+json",
      };
  }
}
