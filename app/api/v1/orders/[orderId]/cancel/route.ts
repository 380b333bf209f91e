import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { orderJson } from "@/lib/orders/order-json";

export const POST = apiRoute({ role: "cashier", idempotency: "optional" }, async ({ ctx, actor, params }) => {
  const order = await cancelOrder(ctx, { actor, orderId: params.orderId! });
  return { status: 200, body: orderJson(order) };
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
