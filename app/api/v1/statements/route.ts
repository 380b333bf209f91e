import { apiRoute } from "@/lib/api/api-route";
import { otherMethods } from "@/lib/api/route-methods";
import { actorRef } from "@/lib/context";
import { defaultConnection } from "@/lib/providers/default-connection";
import { importStatement } from "@/lib/reconciliation/import-statement";
import { importStatementJson } from "@/lib/reconciliation/reconciliation-json";
import { importStatementQuery } from "@/lib/reconciliation/reconciliation-schemas";
import { requestBodyChunks } from "@/lib/reconciliation/statement-text";

export const POST = apiRoute({ role: "owner", query: importStatementQuery }, async ({ ctx, actor, query, request }) => {
  const { account } = await defaultConnection(ctx.db, actor.storeId);
  const result = await importStatement(ctx, { storeId: actor.storeId, account, importedBy: actorRef(actor), body: requestBodyChunks(request), date: query.date });
  return { status: 200, body: importStatementJson(result) };
});

export const { GET, HEAD, PUT, DELETE, PATCH, OPTIONS } = otherMethods("POST");
