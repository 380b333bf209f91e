import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { checkOrder } from "@/lib/orders/check-order";
import { orderJson } from "@/lib/orders/order-json";

export const POST = apiRoute({ role: "cashier" }, async ({ ctx, actor, params }) => {
  const { order, providerStatus } = await checkOrder(ctx, { actor, orderId: params.orderId! });
  return { status: 200, body: { order: orderJson(order), provider_status: providerStatus } };
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
