import { problemResponse } from "@/lib/api/problem";
import { readBodyText } from "@/lib/api/read-body";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { serverCtx } from "@/lib/server-context";

export const dynamic = "force-dynamic";

/**
 * Payment-provider notifications: raw body capped at 64 KiB, then lib verifies,
 * stores and applies in one transaction. A 5xx only for a transient failure
 * (e.g. the database busy past its timeout), so that the provider retries.
 */
export async function POST(request: Request, { params }: { params: Promise<{ provider: string }> }): Promise<Response> {
  try {
    const { provider } = await params;
    const rawBody = await readBodyText(request);
    const answer = await receiveNotification(await serverCtx(), { kind: provider, rawBody, headers: request.headers });
    return new Response(answer.body, { status: answer.status, headers: { "content-type": answer.contentType } });
  } catch (error) {
    return problemResponse(error);
  }
}
