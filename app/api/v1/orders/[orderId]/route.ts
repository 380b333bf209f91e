import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { getOrder } from "@/lib/orders/get-order";
import { orderJson } from "@/lib/orders/order-json";

export const GET = apiRoute({ role: "cashier" }, async ({ ctx, actor, params }) => {
  const order = await getOrder(ctx, { storeId: actor.storeId, orderId: params.orderId! });
  return { status: 200, body: orderJson(order) };
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
