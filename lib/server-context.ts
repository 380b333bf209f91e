import { createDb, dialectOf } from "@/lib/db/client";
import { env } from "@/lib/env";
import { InProcessBus } from "@/lib/events/bus";
import { PostgresBus } from "@/lib/events/postgres-bus";
import { getProvider } from "@/lib/providers/get-provider";
import { loadSecretsKey } from "@/lib/secrets/secrets-key";
import type { Ctx } from "@/lib/context";

// Kept on globalThis so that Next's module reloading never opens a second connection.
const holder = globalThis as unknown as { tillCtx?: Promise<Ctx> };

/** The Till server's one context: one Prisma connection, one bus (LISTEN/NOTIFY on PostgreSQL). */
export function serverCtx(): Promise<Ctx> {
  holder.tillCtx ??= (async () => {
    const e = env();
    const db = await createDb(e.DATABASE_URL);
    const secretsKey = loadSecretsKey(e);
    return {
      db,
      now: () => new Date(),
      // Several servers may share a PostgreSQL database: their screens hear each other over LISTEN/NOTIFY.
      bus: dialectOf(e.DATABASE_URL) === "postgresql" ? new PostgresBus(e.DATABASE_URL) : new InProcessBus(),
      provider: (account) => getProvider(account, { timeoutMs: e.TILL_PROVIDER_TIMEOUT_S * 1000, secretsKey }),
      secretsKey,
      publicUrl: e.TILL_PUBLIC_URL,
      sweep: { afterS: e.TILL_SWEEP_AFTER_S, everyS: e.TILL_SWEEP_EVERY_S },
    };
  })();
  return holder.tillCtx;
}

/** Open subscriptions on the server's bus, or 0 before anything has built the context (never builds it). */
export async function openSubscriptions(): Promise<number> {
  return holder.tillCtx ? (await holder.tillCtx).bus.listenerCount() : 0;
}
