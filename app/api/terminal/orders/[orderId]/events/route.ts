import { cookies } from "next/headers";
import { getSession } from "@/lib/auth/get-session";
import { orderEventStream } from "@/lib/events/order-event-stream";
import { serverCtx } from "@/lib/server-context";
import { idleLimits, SESSION_COOKIE } from "@/app/_server/session";

export const dynamic = "force-dynamic";

/** Server-Sent Events for the cashier's QR screen (session cookie, not an API key). */
export async function GET(request: Request, { params }: { params: Promise<{ orderId: string }> }): Promise<Response> {
  const ctx = await serverCtx();
  const staff = await getSession(ctx, (await cookies()).get(SESSION_COOKIE)?.value, idleLimits());
  if (!staff) return new Response("sign in first", { status: 401 });
  const { orderId } = await params;
  const stream = await orderEventStream(ctx, { storeId: staff.actor.storeId, orderId, signal: request.signal });
  if (!stream) return new Response("no such order", { status: 404 });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
}
