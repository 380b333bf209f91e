import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { SandboxProvider } from "./sandbox/sandbox-provider";
import type { PaymentProvider } from "./types";

const DEFAULT_TIMEOUT_MS = 8_000;

/** Builds the adapter for a stored provider account (kind, URL, credentials, secret). */
export function getProvider(account: ProviderAccount, timeoutMs = DEFAULT_TIMEOUT_MS): PaymentProvider {
  switch (account.kind) {
    case "sandbox":
      return new SandboxProvider({
        baseUrl: account.baseUrl,
        apiKey: account.apiKey,
        webhookSecret: account.webhookSecret,
        timeoutMs,
      });
    default:
      throw new Error(`No adapter for provider kind "${account.kind}"`);
  }
}
