import type { ProviderConnection } from "@/lib/generated/prisma/client";
import { SandboxProvider } from "./sandbox/sandbox-provider";
import type { PaymentProvider } from "./types";

const DEFAULT_TIMEOUT_MS = 8_000;

/** Builds the adapter for a stored provider connection (kind, URL, credentials, secret). */
export function getProvider(connection: ProviderConnection, timeoutMs = DEFAULT_TIMEOUT_MS): PaymentProvider {
  switch (connection.kind) {
    case "sandbox":
      return new SandboxProvider({
        baseUrl: connection.baseUrl,
        apiKey: connection.apiKey,
        webhookSecret: connection.webhookSecret,
        timeoutMs,
      });
    default:
      throw new Error(`No adapter for provider kind "${connection.kind}"`);
  }
}
