import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { AlipayProvider } from "./alipay/alipay-provider";
import { openCredentials } from "./credentials";
import { SandboxProvider } from "./sandbox/sandbox-provider";
import type { PaymentProvider } from "./types";
import { WechatPayProvider } from "./wechat/wechat-provider";

const DEFAULT_TIMEOUT_MS = 8_000;

export type ProviderOptions = {
  timeoutMs?: number;
  /** Opens the sealed credentials of WeChat Pay and Alipay accounts. */
  secretsKey?: Buffer;
};

/** Builds the adapter for a stored provider account: its kind, its URL and its credentials (opened here, never kept elsewhere). */
export function getProvider(account: ProviderAccount, { timeoutMs = DEFAULT_TIMEOUT_MS, secretsKey }: ProviderOptions = {}): PaymentProvider {
  if (account.kind === "sandbox") {
    return new SandboxProvider({ baseUrl: account.baseUrl, apiKey: account.apiKey, webhookSecret: account.webhookSecret, timeoutMs });
  }
  if (account.kind !== "wechat" && account.kind !== "alipay") throw new Error(`No adapter for provider kind "${account.kind}"`);
  if (!secretsKey) throw new Error(`TILL_SECRETS_KEY is needed to open the credentials of ${account.kind} account ${account.id}`);
  const sealed = openCredentials(secretsKey, account);
  switch (sealed.kind) {
    case "wechat":
      return new WechatPayProvider({ ...sealed.credentials, baseUrl: account.baseUrl, timeoutMs });
    case "alipay":
      return new AlipayProvider({ ...sealed.credentials, gatewayUrl: account.baseUrl, timeoutMs });
  }
}
