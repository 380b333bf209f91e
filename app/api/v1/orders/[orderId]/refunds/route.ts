import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { refundJson } from "@/lib/orders/order-json";
import { orderRefundBody, refundFingerprint } from "@/lib/refunds/refund-schemas";
import { requestRefund } from "@/lib/refunds/request-refund";

export const POST = apiRoute({ role: "cashier", body: orderRefundBody, idempotency: "required", fingerprint: refundFingerprint }, async ({ ctx, actor, params, body, request }) => {
  const { refund, created } = await requestRefund(ctx, {
    actor,
    orderId: params.orderId!,
    paymentId: body.payment_id,
    amount: body.amount,
    reason: body.reason,
    approverPin: body.approver_pin,
    key: request.headers.get("idempotency-key")!,
  });
  return { status: created ? 201 : 200, body: refundJson(refund) };
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
