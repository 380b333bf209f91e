import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashPin, verifyPin } from "./pin-hash";

export const PIN_PATTERN = /^\d{4,8}$/;

/**
 * Adds a staff member. PINs are unique within a store, so that a PIN alone
 * names the owner who approves a refund. With only slow hashes stored, the
 * check verifies the new PIN against every active colleague's hash, inside the
 * transaction, so that two additions with one PIN cannot both succeed.
 */
export async function addStaff(
  ctx: Ctx,
  { storeId, name, role, pin, actor }: { storeId: string; name: string; role: "cashier" | "owner"; pin: string; actor: string },
): Promise<{ id: string }> {
  if (!PIN_PATTERN.test(pin)) throw new AppError("invalid_request", "A PIN is 4 to 8 digits", { errors: [{ path: "pin", message: "4 to 8 digits" }] });
  if (!name.trim()) throw new AppError("invalid_request", "A staff member needs a name", { errors: [{ path: "name", message: "required" }] });
  const pinHash = await hashPin(pin);
  const id = newId("stf");
  const at = ctx.now();
  await ctx.db.$transaction(
    async (tx) => {
      const colleagues = await tx.staff.findMany({ where: { storeId, active: true }, select: { pinHash: true } });
      for (const colleague of colleagues) {
        if (await verifyPin(pin, colleague.pinHash)) {
          throw new AppError("conflict", "Another staff member of this store already uses this PIN; choose another");
        }
      }
      await tx.staff.create({ data: { id, storeId, name: name.trim(), role, pinHash, createdAt: at } });
      await recordAudit(tx, { storeId, actor, action: "staff.added", entityType: "staff", entityId: id, data: { name: name.trim(), role } }, at);
    },
    { timeout: 30_000 },
  );
  return { id };
}
