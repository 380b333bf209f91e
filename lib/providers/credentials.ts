import { type z } from "zod";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { open, seal } from "@/lib/secrets/secret-box";
import { alipayConfigSchema } from "./alipay/config";
import { wechatPayConfigSchema } from "./wechat/config";

/** A WeChat Pay merchant's credentials (the endpoint is the account's baseUrl). */
export const wechatCredentialsSchema = wechatPayConfigSchema.omit({ baseUrl: true });
/** An Alipay app's credentials (the gateway is the account's baseUrl). */
export const alipayCredentialsSchema = alipayConfigSchema.omit({ gatewayUrl: true });

export type WechatCredentials = z.infer<typeof wechatCredentialsSchema>;
export type AlipayCredentials = z.infer<typeof alipayCredentialsSchema>;

export type ProviderCredentials = { kind: "wechat"; credentials: WechatCredentials } | { kind: "alipay"; credentials: AlipayCredentials };

/** The provider kinds Till has an adapter for (lib/providers/get-provider.ts). */
export const PROVIDER_KINDS = ["sandbox", "wechat", "alipay"];

const schemaOf = { wechat: wechatCredentialsSchema, alipay: alipayCredentialsSchema } as const;

/**
 * Seals one account's credentials as one JSON document, bound to the account
 * id: what `ProviderAccount.sealedCredentials` stores.
 */
export function sealCredentials(key: Buffer, accountId: string, value: ProviderCredentials): string {
  const credentials = schemaOf[value.kind].parse(value.credentials);
  return seal(key, JSON.stringify(credentials), `ProviderAccount:${accountId}`);
}

/** Opens an account's sealed credentials, typed by its kind; throws when absent, altered, under another key or invalid. */
export function openCredentials(key: Buffer, account: Pick<ProviderAccount, "id" | "kind" | "sealedCredentials">): ProviderCredentials {
  if (!account.sealedCredentials) throw new Error(`Provider account ${account.id} has no credentials stored`);
  const json: unknown = JSON.parse(open(key, account.sealedCredentials, `ProviderAccount:${account.id}`));
  switch (account.kind) {
    case "wechat":
      return { kind: "wechat", credentials: wechatCredentialsSchema.parse(json) };
    case "alipay":
      return { kind: "alipay", credentials: alipayCredentialsSchema.parse(json) };
    default:
      throw new Error(`Provider kind "${account.kind}" keeps no sealed credentials`);
  }
}
