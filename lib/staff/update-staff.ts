import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, hasRole, roleOf, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { findManagedStaff } from "./find-managed-staff";

/**
 * Renames, changes the role of, deactivates or reactivates a staff member,
 * audited with old and new values. The store's last active owner (a chain
 * owner of the store counts as one) cannot be demoted or deactivated (nobody
 * could approve refunds or change settings any more). Only a chain owner
 * changes a chain owner (findManagedStaff). Deactivating ends the member's
 * sessions at once.
 */
export async function updateStaff(ctx: Ctx, { actor, staffId, name, role, active }: { actor: Actor; staffId: string; name?: string; role?: "cashier" | "owner"; active?: boolean }): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    const before = await findManagedStaff(tx, actor, staffId);
    const after = { name: name ?? before.name, role: role ?? before.role, active: active ?? before.active };
    const isOwner = (member: { role: string; active: boolean }) => member.active && hasRole(roleOf(member.role), "owner");
    const losesOwner = isOwner(before) && !isOwner(after);
    if (losesOwner && (await tx.staff.count({ where: { storeId: actor.storeId, role: { in: ["owner", "chain_owner"] }, active: true, id: { not: staffId } } })) === 0) {
      throw new AppError("conflict", "This is the store's last active owner: add or promote another owner first", { extra: { reason: "last_owner" } });
    }
    const changes = (["name", "role", "active"] as const).filter((key) => before[key] !== after[key]);
    if (changes.length === 0) return;
    const at = ctx.now();
    await tx.staff.update({ where: { id: staffId }, data: after });
    if (!after.active) await tx.session.updateMany({ where: { staffId, revokedAt: null }, data: { revokedAt: at } });
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), action: "staff.changed", entityType: "staff", entityId: staffId, data: Object.fromEntries(changes.map((key) => [key, { old: before[key], new: after[key] }])) },
      at,
    );
  });
}
