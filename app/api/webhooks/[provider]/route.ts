import { PROBLEM_CONTENT_TYPE, problemResponse, withInstance } from "@/lib/api/problem";
import { readBodyText } from "@/lib/api/read-body";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/api/request-id";
import { otherMethods } from "@/lib/api/route-methods";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { serverCtx } from "@/lib/server-context";

export const dynamic = "force-dynamic";

/**
 * Payment-provider notifications: raw body capped at 64 KiB, then lib verifies,
 * stores and applies in one transaction. A 5xx only for a transient failure
 * (e.g. the database busy past its timeout), so that the provider retries.
 * Every answer carries the request id; a problem has it as `instance` too.
 */
export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  const requestId = requestIdOf(request.headers);
  try {
    const { provider } = await params;
    const rawBody = await readBodyText(request);
    // The sender's address as scripts/serve.ts decided it from the socket: the limit on rejected attempts is per sender.
    const client = request.headers.get("x-forwarded-for")?.trim() || "unknown";
    const answer = await receiveNotification(await serverCtx(), { kind: provider, rawBody, headers: request.headers, client });
    const body = answer.contentType.startsWith(PROBLEM_CONTENT_TYPE) ? withInstance(answer.body, requestId) : answer.body;
    return new Response(body, { status: answer.status, headers: { ...answer.headers, "content-type": answer.contentType, [REQUEST_ID_HEADER]: requestId } });
  } catch (error) {
    return problemResponse(error, requestId);
  }
}

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
