import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { refundJson } from "@/lib/orders/order-json";
import { refundPayment } from "@/lib/refunds/refund-payment";
import { paymentRefundBody, refundFingerprint } from "@/lib/refunds/refund-schemas";

export const POST = apiRoute({ role: "owner", body: paymentRefundBody, idempotency: "required", fingerprint: refundFingerprint }, async ({ ctx, actor, params, body, request }) => {
  const { refund, created } = await refundPayment(ctx, {
    actor,
    paymentId: params.paymentId!,
    amount: body.amount,
    reason: body.reason,
    approverPin: body.approver_pin,
    key: request.headers.get("idempotency-key")!,
  });
  return { status: created ? 201 : 200, body: refundJson(refund) };
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
