import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { notifyPath } from "./notify-path";

/** The store's Sandbox Pay connection as the owner's page shows it: secrets never in full, only their last characters. */
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

/**
 * The account behind the store's Sandbox Pay connection: the one whose URL, API
 * key and webhook secret the page edits (WeChat Pay and Alipay keep theirs
 * sealed, lib/providers/save-provider-credentials.ts), whichever connection is
 * the store's default.
 */
export async function storeProviderAccount(ctx: Ctx, storeId: string): Promise<ProviderAccount> {
  const account = await findSandboxAccount(ctx, storeId);
  if (!account) throw new AppError("not_found", "This store has no Sandbox Pay connection");
  return account;
}

async function findSandboxAccount(ctx: Ctx, storeId: string): Promise<ProviderAccount | null> {
  const connection = await ctx.db.providerConnection.findFirst({ where: { storeId, account: { kind: "sandbox" } }, orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }], include: { account: true } });
  return connection?.account ?? null;
}

export async function getProviderConnection(ctx: Ctx, storeId: string): Promise<ProviderConnectionView> {
  return viewOf(await storeProviderAccount(ctx, storeId), storeId);
}

/** The store's Sandbox Pay connection, or null when it has none (a store that only charges through WeChat Pay or Alipay). */
export async function findProviderConnection(ctx: Ctx, storeId: string): Promise<ProviderConnectionView | null> {
  const account = await findSandboxAccount(ctx, storeId);
  return account ? viewOf(account, storeId) : null;
}

function viewOf(account: ProviderAccount, storeId: string): ProviderConnectionView {
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
