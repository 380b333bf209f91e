import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";

/**
 * Makes one of the store's connections the one it charges through by default
 * (ProviderConnection.isDefault): in one transaction every other connection of
 * the store stops being the default, so that there is exactly one. Audited as
 * `provider.default_changed` with the connection before and after.
 */
export async function setDefaultConnection(ctx: Ctx, { actor, connectionId }: { actor: Actor; connectionId: string }): Promise<void> {
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    const chosen = await tx.providerConnection.findFirst({ where: { id: connectionId, storeId: actor.storeId }, include: { account: true } });
    if (!chosen) throw new AppError("not_found", `This store has no provider connection ${connectionId}`);
    if (chosen.account.kind !== "sandbox" && !chosen.account.sealedCredentials) {
      throw new AppError("conflict", `The ${chosen.account.kind} connection has no credentials yet; save them before charging through it`);
    }
    const before = await tx.providerConnection.findFirst({ where: { storeId: actor.storeId, isDefault: true }, orderBy: { createdAt: "asc" } });
    if (before?.id === chosen.id && chosen.isDefault) return;
    await tx.providerConnection.updateMany({ where: { storeId: actor.storeId, isDefault: true, NOT: { id: chosen.id } }, data: { isDefault: false } });
    await tx.providerConnection.update({ where: { id: chosen.id }, data: { isDefault: true } });
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "provider.default_changed", entityType: "provider_account", entityId: chosen.accountId, data: { kind: chosen.account.kind, connection: { from: before?.id ?? null, to: chosen.id } } },
      at,
    );
  });
}
