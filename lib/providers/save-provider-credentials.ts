import { zodErrors } from "@/lib/api/zod-errors";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { alipayCredentialsSchema, openCredentials, sealCredentials, wechatCredentialsSchema, type ProviderCredentials } from "./credentials";

const NAMES = { wechat: "WeChat Pay 微信支付", alipay: "Alipay 支付宝" } as const;

export type SaveProviderCredentialsInput = {
  actor: Actor;
  kind: ProviderCredentials["kind"];
  baseUrl: string;
  /** Write-only: a field left out (or empty) keeps the stored value. */
  credentials: Record<string, string | undefined>;
};

/**
 * Adds or edits the store's WeChat Pay or Alipay connection: the fields given
 * replace the stored ones, the whole document is validated by the adapter's
 * schema (a message per field) and sealed again with the context's secrets
 * key. The first connection of a store becomes its default. Audited as
 * `provider.credentials_saved` with the names of the fields changed, never
 * their values.
 */
export async function saveProviderCredentials(ctx: Ctx, { actor, kind, baseUrl, credentials }: SaveProviderCredentialsInput): Promise<{ accountId: string }> {
  const { secretsKey } = ctx;
  if (!secretsKey) {
    throw new AppError("provider_unavailable", "Till has no secrets key to seal provider credentials with: set TILL_SECRETS_KEY, or start Till with npm start, which creates secrets.key beside the database");
  }
  const existing = await ctx.db.providerAccount.findFirst({ where: { storeId: actor.storeId, kind }, orderBy: { createdAt: "asc" } });
  const accountId = existing?.id ?? newId("pa");
  // Credentials sealed under another key (a lost or replaced secrets key) cannot be kept: then every field must be typed again.
  const opened = existing?.sealedCredentials ? openStored(secretsKey, existing) : {};
  const unreadable = opened === null;
  const stored = opened ?? {};
  const given = Object.fromEntries(Object.entries(credentials).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = (kind === "wechat" ? wechatCredentialsSchema : alipayCredentialsSchema).safeParse({ ...stored, ...given });
  if (!parsed.success) throw new AppError("invalid_request", `The ${kind} credentials are not valid`, { errors: zodErrors(parsed.error) });
  const sealedCredentials = sealCredentials(secretsKey, accountId, { kind, credentials: parsed.data } as ProviderCredentials);
  const changed = Object.keys(given).filter((field) => stored[field] !== given[field]).sort();
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    if (existing) {
      await tx.providerAccount.update({ where: { id: accountId }, data: { baseUrl, sealedCredentials, editedAt: at } });
    } else {
      await tx.providerAccount.create({ data: { id: accountId, storeId: actor.storeId, kind, name: NAMES[kind], baseUrl, apiKey: "", webhookSecret: "", sealedCredentials, editedAt: at } });
      const hasDefault = (await tx.providerConnection.count({ where: { storeId: actor.storeId, isDefault: true } })) > 0;
      await tx.providerConnection.create({ data: { id: newId("pc"), storeId: actor.storeId, accountId, name: NAMES[kind], isDefault: !hasDefault } });
    }
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "provider.credentials_saved", entityType: "provider_account", entityId: accountId, data: { kind, created: !existing, baseUrl: { from: existing?.baseUrl ?? null, to: baseUrl }, changed, ...(unreadable ? { replacedUnreadable: true } : {}) } },
      at,
    );
  });
  return { accountId };
}

function openStored(secretsKey: Buffer, account: Parameters<typeof openCredentials>[1]): Record<string, unknown> | null {
  try {
    return openCredentials(secretsKey, account).credentials;
  } catch {
    return null;
  }
}
