import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { notifyPath } from "./notify-path";

/** The provider connection as the owner's page shows it: secrets never in full, only their last characters. */
export type ProviderConnectionView = {
  accountId: string;
  kind: string;
  name: string;
  baseUrl: string;
  apiKeyHint: string;
  secretHint: string;
  previousSecretHint: string | null;
  rotatingSince: string | null;
  /** Whether this store owns the account (an account shared by a chain is edited by the store that owns it). */
  editable: boolean;
  /** Where the provider sends notifications for this kind. */
  notifyPath: string;
};

/** "••••abcd": enough to tell two secrets apart, too little to use one. */
export function secretHint(secret: string): string {
  return `••••${secret.slice(-4)}`;
}

/** The account behind the store's default connection. */
export async function storeProviderAccount(ctx: Ctx, storeId: string): Promise<ProviderAccount> {
  const connection = await ctx.db.providerConnection.findFirst({ where: { storeId, isDefault: true }, orderBy: { createdAt: "asc" }, include: { account: true } });
  if (!connection) throw new AppError("not_found", "This store has no payment provider connection");
  return connection.account;
}

export async function getProviderConnection(ctx: Ctx, storeId: string): Promise<ProviderConnectionView> {
  const account = await storeProviderAccount(ctx, storeId);
  return {
    accountId: account.id,
    kind: account.kind,
    name: account.name,
    baseUrl: account.baseUrl,
    apiKeyHint: secretHint(account.apiKey),
    secretHint: secretHint(account.webhookSecret),
    previousSecretHint: account.previousWebhookSecret ? secretHint(account.previousWebhookSecret) : null,
    rotatingSince: account.previousWebhookSecret && account.secretRotatedAt ? account.secretRotatedAt.toISOString() : null,
    editable: account.storeId === storeId,
    notifyPath: notifyPath(account),
  };
}
