import { problemResponse } from "@/lib/api/problem";
import { requestIdOf } from "@/lib/api/request-id";
import { actorRef } from "@/lib/context";
import { defaultConnection } from "@/lib/providers/default-connection";
import { importStatement } from "@/lib/reconciliation/import-statement";
import { importStatementJson } from "@/lib/reconciliation/reconciliation-json";
import { requestBodyChunks } from "@/lib/reconciliation/statement-text";
import { serverCtx } from "@/lib/server-context";
import { ownerForRoute } from "@/app/_server/owner-route";

export const dynamic = "force-dynamic";

/**
 * The Reconciliation page's statement upload: the same import as
 * POST /api/v1/statements (streamed, ≤ 50 MiB, a malformed file is a 422
 * naming line and column), for the owner's session instead of a key. The
 * proxy refuses it from another site.
 */
export async function POST(request: Request): Promise<Response> {
  const owner = await ownerForRoute(request, "statement upload");
  if (owner instanceof Response) return owner;
  const requestId = requestIdOf(request.headers);
  try {
    const ctx = await serverCtx();
    const date = new URL(request.url).searchParams.get("date") ?? undefined;
    const { account } = await defaultConnection(ctx.db, owner.actor.storeId);
    const result = await importStatement(ctx, { storeId: owner.actor.storeId, account, importedBy: actorRef(owner.actor), body: requestBodyChunks(request), date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : undefined });
    return Response.json(importStatementJson(result), { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return problemResponse(error, requestId);
  }
}
