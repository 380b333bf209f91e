import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { storeProviderAccount } from "./provider-connection-view";

/**
 * Changes the provider's URL and, when one is given, its API key (the key is
 * write-only: left empty, the stored one stays). Audited without the key.
 */
export async function updateProviderConnection(ctx: Ctx, { actor, baseUrl, apiKey }: { actor: Actor; baseUrl: string; apiKey?: string }): Promise<void> {
  const account = await storeProviderAccount(ctx, actor.storeId);
  if (account.storeId !== actor.storeId) throw new AppError("forbidden", "This provider account belongs to another store of the chain");
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    await tx.providerAccount.update({ where: { id: account.id }, data: { baseUrl, ...(apiKey ? { apiKey } : {}), editedAt: at } });
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "provider.updated", entityType: "provider_account", entityId: account.id, data: { baseUrl: { from: account.baseUrl, to: baseUrl }, newApiKey: Boolean(apiKey) } },
      at,
    );
  });
}
