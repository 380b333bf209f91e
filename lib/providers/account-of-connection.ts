import type { Db, Tx } from "@/lib/db/client";
import type { ProviderAccount } from "@/lib/generated/prisma/client";

/** The provider account behind a store's connection (e.g. the one an order's charge was made through). */
export async function accountOfConnection(db: Db | Tx, connectionId: string | null | undefined): Promise<ProviderAccount | null> {
  if (!connectionId) return null;
  const connection = await db.providerConnection.findUnique({ where: { id: connectionId }, include: { account: true } });
  return connection?.account ?? null;
}
