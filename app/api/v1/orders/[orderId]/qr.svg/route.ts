import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { getOrder } from "@/lib/orders/get-order";
import { orderQrSvg } from "@/lib/orders/order-qr-svg";

export const GET = apiRoute({ role: "cashier" }, async ({ ctx, actor, params }) => {
  const order = await getOrder(ctx, { storeId: actor.storeId, orderId: params.orderId! });
  const svg = await orderQrSvg(order.charge?.qrContent ?? order.providerRef);
  return new Response(svg, { headers: { "content-type": "image/svg+xml", "cache-control": "private, max-age=300" } });
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
