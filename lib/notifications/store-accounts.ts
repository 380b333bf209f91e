import type { Db } from "@/lib/db/client";

/** The provider accounts a store charges through (its connections'), and their kinds. */
export async function storeAccounts(db: Db, storeId: string): Promise<{ ids: string[]; kinds: string[] }> {
  const connections = await db.providerConnection.findMany({ where: { storeId }, select: { account: { select: { id: true, kind: true } } } });
  const ids = [...new Set(connections.map((c) => c.account.id))];
  const kinds = [...new Set(connections.map((c) => c.account.kind))].sort();
  return { ids, kinds };
}
