import type { Ctx } from "@/lib/context";
import { loadOrder } from "@/lib/orders/load-order";
import { orderJson } from "@/lib/orders/order-json";
import type { OrderRecord } from "@/lib/orders/load-order";
import { orderTopic } from "./bus";

const HEARTBEAT_MS = 15_000;

/**
 * An SSE stream of one order: its current state at once (so a reconnecting
 * screen is never stale), then its state again after every change.
 */
export async function orderEventStream(
  ctx: Ctx,
  {
    storeId,
    orderId,
    signal,
    view = orderJson,
  }: { storeId: string; orderId: string; signal: AbortSignal; view?: (order: OrderRecord) => unknown },
): Promise<ReadableStream<Uint8Array> | null> {
  const first = await loadOrder(ctx.db, storeId, orderId);
  if (!first) return null;
  const encoder = new TextEncoder();
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      const sendOrder = async () => {
        const order = await loadOrder(ctx.db, storeId, first.id);
        if (order) send(`event: order\ndata: ${JSON.stringify(view(order))}\n\n`);
      };
      send(`retry: 1000\nevent: order\ndata: ${JSON.stringify(view(first))}\n\n`);
      const unsubscribe = ctx.bus.subscribe(orderTopic(first.id), () => void sendOrder().catch(() => undefined));
      // A named event (not a comment) so that screens can tell a live connection from a dead one.
      const heartbeat = setInterval(() => send("event: ping\ndata: {}\n\n"), HEARTBEAT_MS);
      stop = () => {
        if (closed) return;
        closed = true;
        clearInterval(heartbeat);
        unsubscribe();
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      signal.addEventListener("abort", stop);
    },
    cancel() {
      stop();
    },
  });
}
