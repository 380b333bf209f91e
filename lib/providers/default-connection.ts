import type { Db, Tx } from "@/lib/db/client";
import type { ProviderAccount } from "@/lib/generated/prisma/client";

/** The provider connection a store charges through by default, with the account it uses. */
export async function defaultConnection(db: Db | Tx, storeId: string): Promise<{ connectionId: string; account: ProviderAccount }> {
  const connection = await db.providerConnection.findFirst({
    where: { storeId, isDefault: true },
    orderBy: { createdAt: "asc" },
    include: { account: true },
  });
  if (!connection) throw new Error(`Store ${storeId} has no payment provider connection`);
  return { connectionId: connection.id, account: connection.account };
}
