import { Webhook } from "standardwebhooks";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { storeProviderAccount } from "./provider-connection-view";

export const WEBHOOK_SECRET = /^whsec_[A-Za-z0-9+/]{16,}={0,2}$/;

/**
 * Starts a webhook secret rotation: the new secret (made in the provider's
 * portal) verifies from now on, and the current one keeps verifying as the
 * retiring secret, so that notifications signed with either — sent before the
 * provider switched, retried after — are never refused. One rotation at a time.
 */
export async function startSecretRotation(ctx: Ctx, { actor, newSecret }: { actor: Actor; newSecret: string }): Promise<void> {
  if (!WEBHOOK_SECRET.test(newSecret)) throw new AppError("invalid_request", "A webhook secret looks like whsec_ followed by base64", { errors: [{ path: "newSecret", message: "format" }] });
  try {
    new Webhook(newSecret);
  } catch {
    throw new AppError("invalid_request", "The webhook secret is not valid base64", { errors: [{ path: "newSecret", message: "format" }] });
  }
  const account = await storeProviderAccount(ctx, actor.storeId);
  if (account.storeId !== actor.storeId) throw new AppError("forbidden", "This provider account belongs to another store of the chain");
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    // Guarded by the state it expects: two owners starting at once make one rotation.
    const changed = await tx.providerAccount.updateMany({
      where: { id: account.id, previousWebhookSecret: null, webhookSecret: { not: newSecret } },
      data: { previousWebhookSecret: account.webhookSecret, webhookSecret: newSecret, secretRotatedAt: at, editedAt: at },
    });
    if (changed.count === 0) throw new AppError("conflict", "A rotation is already under way (finish it first), or this is the current secret");
    await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "provider.rotation_started", entityType: "provider_account", entityId: account.id }, at);
  });
}

/** Finishes a rotation: the retiring secret stops verifying. */
export async function finishSecretRotation(ctx: Ctx, { actor }: { actor: Actor }): Promise<void> {
  const account = await storeProviderAccount(ctx, actor.storeId);
  if (account.storeId !== actor.storeId) throw new AppError("forbidden", "This provider account belongs to another store of the chain");
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    const changed = await tx.providerAccount.updateMany({ where: { id: account.id, previousWebhookSecret: { not: null } }, data: { previousWebhookSecret: null, editedAt: at } });
    if (changed.count === 0) throw new AppError("conflict", "No rotation is under way");
    await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "provider.rotation_finished", entityType: "provider_account", entityId: account.id }, at);
  });
}
