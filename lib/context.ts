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

/**
 * A role of staff and API keys. `chain_owner` reads every store of the chain
 * (one database = one chain) and acts as `owner` in each: chain_owner ⊇ owner ⊇ cashier.
 */
export type Role = "cashier" | "owner" | "chain_owner";

/**
 * Who is acting: a signed-in staff member or an API key, with its role.
 *
 * `storeId` is the store the actor acts in, and every store-scoped query uses
 * it. For cashiers and owners it is their own store. A chain_owner has a home
 * store (`homeStoreId`, where its row lives) and chooses the store it acts in
 * (API: the `Till-Store` header; pages: the store switcher, kept on the
 * session); resolveActingStore (lib/auth/acting-store.ts) then sets `storeId`
 * (and `terminalId`, to that store's first terminal) to the chosen store.
 */
export type Actor = {
  kind: "staff" | "api_key";
  id: string;
  storeId: string;
  terminalId: string;
  role: Role;
  /** The store the staff member or key belongs to (equal to storeId unless a chain_owner chose another). */
  homeStoreId?: string;
};

/** The role stored on a Staff or ApiKey row, read safely (anything unknown is a cashier). */
export function roleOf(stored: string): Role {
  return stored === "owner" || stored === "chain_owner" ? stored : "cashier";
}

/** Whether an actor with this role may do what `needed` may (chain_owner ⊇ owner ⊇ cashier). */
export function hasRole(role: Role, needed: Role): boolean {
  const rank: Record<Role, number> = { cashier: 0, owner: 1, chain_owner: 2 };
  return rank[role] >= rank[needed];
}

export function actorRef(actor: Actor): string {
  return `${actor.kind}:${actor.id}`;
}
