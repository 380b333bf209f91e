import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { AppError } from "@/lib/errors";
import { orderEventStream } from "@/lib/events/order-event-stream";

export const dynamic = "force-dynamic";

/** The order's state as Server-Sent Events, for cash registers and kiosks: now, then after every change. */
export const GET = apiRoute({ role: "cashier" }, async ({ ctx, actor, params, request }) => {
  const stream = await orderEventStream(ctx, { storeId: actor.storeId, orderId: params.orderId!, signal: request.signal });
  if (!stream) throw new AppError("not_found", `No order ${params.orderId} in this store`);
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
});

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
