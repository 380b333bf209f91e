import type { Db } from "@/lib/db/client";
import type { EventBus } from "@/lib/events/bus";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import type { PaymentProvider } from "@/lib/providers/types";

/**
 * What every use case runs against: the database, the clock, the event bus and
 * the provider adapters. The server builds one (lib/server-context.ts); tests
 * build their own on their own SQLite file.
 */
export type Ctx = {
  db: Db;
  now: () => Date;
  bus: EventBus;
  provider: (account: ProviderAccount) => PaymentProvider;
  /**
   * The key that seals WeChat Pay / Alipay credentials (lib/secrets/secrets-key.ts);
   * absent when neither TILL_SECRETS_KEY nor the key file is there.
   */
  secretsKey?: Buffer;
  /** Till's own base URL as the provider can reach it (for notify_url). */
  publicUrl: string;
  /** Sweeper timing (DESIGN.md): first look after, then every, in seconds. */
  sweep: { afterS: number; everyS: number };
};

/** Who is acting: a signed-in staff member or an API key, with its role. */
export type Actor = {
  kind: "staff" | "api_key";
  id: string;
  storeId: string;
  terminalId: string;
  role: "cashier" | "owner";
};

export function actorRef(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}
