import type { Db, Tx } from "@/lib/db/client";
import type { ProviderConnection } from "@/lib/generated/prisma/client";

/** The provider connection a store charges through by default. */
export async function defaultConnection(db: Db | Tx, storeId: string): Promise<ProviderConnection> {
  const connection = await db.providerConnection.findFirst({
    where: { storeId, isDefault: true },
    orderBy: { createdAt: "asc" },
  });
  if (!connection) throw new Error(`Store ${storeId} has no payment provider connection`);
  return connection;
}
