import type { Db, Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { ProviderAccount } from "@/lib/generated/prisma/client";
import { defaultConnection } from "./default-connection";

/** A connection the cashier can charge through, as the sale screen offers it. */
export type ChargeableConnection = { id: string; name: string; kind: string; isDefault: boolean };

/** The store's connections, the default first, then in the order they were made (served by the storeId index). */
export async function storeConnections(db: Db | Tx, storeId: string): Promise<ChargeableConnection[]> {
  const rows = await db.providerConnection.findMany({ where: { storeId }, include: { account: { select: { kind: true } } } });
  return rows
    .sort((a, b) => Number(b.isDefault) - Number(a.isDefault) || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id))
    .map((c) => ({ id: c.id, name: c.name, kind: c.account.kind, isDefault: c.isDefault }));
}

/**
 * The connection an order is charged through: the one named, which must be
 * this store's (422 otherwise, naming the field), or the default.
 */
export async function chosenConnection(db: Db | Tx, storeId: string, connectionId: string | undefined): Promise<{ connectionId: string; account: ProviderAccount }> {
  if (connectionId === undefined) return defaultConnection(db, storeId);
  const connection = await db.providerConnection.findFirst({ where: { id: connectionId, storeId }, include: { account: true } });
  if (!connection) {
    throw new AppError("invalid_request", `This store has no payment connection ${connectionId}`, { errors: [{ path: "connection_id", message: "must be one of this store's payment connections" }] });
  }
  return { connectionId: connection.id, account: connection.account };
}
