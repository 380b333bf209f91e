import { orderEventStream } from "@/lib/events/order-event-stream";
import { customerView, findOrderForDisplay } from "@/lib/orders/customer-view";
import { serverCtx } from "@/lib/server-context";

export const dynamic = "force-dynamic";

/** The customer display's live state: only what the customer sees anyway. */
export async function GET(request: Request, { params }: { params: Promise<{ orderId: string }> }): Promise<Response> {
  const ctx = await serverCtx();
  const { orderId } = await params;
  const found = await findOrderForDisplay(ctx, orderId);
  if (!found) return new Response("no such order", { status: 404 });
  const stream = await orderEventStream(ctx, { storeId: found.order.storeId, orderId, signal: request.signal, view: customerView });
  if (!stream) return new Response("no such order", { status: 404 });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
}
