import type { Ctx } from "@/lib/context";
import { logger } from "@/lib/log/logger";
import { credentialFieldViews, SEALED_KINDS, type CredentialFieldView, type SealedKind } from "./credential-fields";
import { openCredentials } from "./credentials";

/** One of the store's provider connections as the owner's page lists it; its credentials only as "set" and hints. */
export type ProviderConnectionListItem = {
  connectionId: string;
  accountId: string;
  kind: string;
  name: string;
  baseUrl: string;
  isDefault: boolean;
  /** Whether this store owns the account (a shared account is edited by the store that owns it). */
  editable: boolean;
  /** For WeChat Pay and Alipay: each credential field, never its secret value. */
  fields: CredentialFieldView[] | null;
  /** False when sealed credentials are stored but cannot be opened (no secrets key, or another one). */
  credentialsReadable: boolean;
};

const isSealedKind = (kind: string): kind is SealedKind => (SEALED_KINDS as readonly string[]).includes(kind);

/** The store's provider connections, oldest first: what the Provider page lists and where the owner picks the default. */
export async function listProviderConnections(ctx: Ctx, storeId: string): Promise<ProviderConnectionListItem[]> {
  const connections = await ctx.db.providerConnection.findMany({ where: { storeId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { account: true } });
  return connections.map(({ id, isDefault, account }) => {
    let fields: CredentialFieldView[] | null = null;
    let credentialsReadable = true;
    if (isSealedKind(account.kind)) {
      let stored: Record<string, unknown> | null = null;
      if (account.sealedCredentials) {
        try {
          if (!ctx.secretsKey) throw new Error("no secrets key");
          stored = openCredentials(ctx.secretsKey, account).credentials;
        } catch (error) {
          credentialsReadable = false;
          logger.error({ accountId: account.id, kind: account.kind, reason: error instanceof Error ? error.message : String(error) }, "cannot open a provider account's credentials: check TILL_SECRETS_KEY or the secrets.key file beside the database");
        }
      }
      fields = credentialFieldViews(account.kind, stored);
    }
    return { connectionId: id, accountId: account.id, kind: account.kind, name: account.name, baseUrl: account.baseUrl, isDefault, editable: account.storeId === storeId, fields, credentialsReadable };
  });
}

/** Where each provider's production endpoint is, offered when a connection is first added. */
export const DEFAULT_BASE_URL: Record<SealedKind, string> = {
  wechat: "https://api.mch.weixin.qq.com",
  alipay: "https://openapi.alipay.com/gateway.do",
};

/** The form the owner adds or edits one kind's connection with: the store's own account of that kind, if any. */
export type CredentialForm = { kind: SealedKind; exists: boolean; baseUrl: string; fields: CredentialFieldView[]; credentialsReadable: boolean };

/** One form per kind with sealed credentials, filled with what is stored (as "set" and hints) or blank. */
export function credentialForms(connections: ProviderConnectionListItem[]): CredentialForm[] {
  return SEALED_KINDS.map((kind) => {
    const own = connections.find((c) => c.kind === kind && c.editable);
    return own
      ? { kind, exists: true, baseUrl: own.baseUrl, fields: own.fields ?? credentialFieldViews(kind, null), credentialsReadable: own.credentialsReadable }
      : { kind, exists: false, baseUrl: DEFAULT_BASE_URL[kind], fields: credentialFieldViews(kind, null), credentialsReadable: true };
  });
}
