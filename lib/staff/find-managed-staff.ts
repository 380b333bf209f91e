import { hasRole, roleOf, type Actor } from "@/lib/context";
import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/**
 * The staff member of the actor's store whom the actor may manage: not_found
 * for anyone else's staff (another store's ids are not confirmed to exist),
 * forbidden for a higher rank than the actor's — an owner cannot rename,
 * demote, deactivate, re-PIN, unlock or sign out a chain owner, whose account
 * reaches every store of the chain.
 */
export async function findManagedStaff(tx: Tx, actor: Actor, staffId: string) {
  const staff = await tx.staff.findFirst({ where: { id: staffId, storeId: actor.storeId } });
  if (!staff) throw new AppError("not_found", "No such staff member in this store");
  if (!hasRole(actor.role, roleOf(staff.role))) throw new AppError("forbidden", "Only a chain owner can change a chain owner");
  return staff;
}
