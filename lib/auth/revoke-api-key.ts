import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";

/**
 * Revokes a key at once: every call authenticates against the stored row, so
 * the next call with it is a 401. Revoking a revoked key changes nothing.
 */
export async function revokeApiKey(ctx: Ctx, { actor, keyId }: { actor: Actor; keyId: string }): Promise<{ revokedAt: Date }> {
  const at = ctx.now();
  return ctx.db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({ where: { id: keyId, storeId: actor.storeId } });
    if (!key) throw new AppError("not_found", "No such API key in this store");
    if (key.revokedAt) return { revokedAt: key.revokedAt };
    await tx.apiKey.updateMany({ where: { id: key.id, revokedAt: null }, data: { revokedAt: at } });
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "api_key.revoked", entityType: "api_key", entityId: key.id, data: { name: key.name, prefix: key.prefix } },
      at,
    );
    return { revokedAt: at };
  });
}
