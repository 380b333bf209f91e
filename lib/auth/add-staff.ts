import { recordAudit } from "@/lib/audit/record-audit";
import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashPin } from "./pin-hash";
import { refusePinInUse } from "./pin-in-use";

export const PIN_PATTERN = /^\d{4,8}$/;

/**
 * Adds a staff member, with a PIN no active colleague uses (see pin-in-use.ts).
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
      await refusePinInUse(tx, { storeId, pin });
      await tx.staff.create({ data: { id, storeId, name: name.trim(), role, pinHash, createdAt: at } });
      await recordAudit(tx, { storeId, actor, action: "staff.added", entityType: "staff", entityId: id, data: { name: name.trim(), role } }, at);
    },
    { timeout: 30_000 },
  );
  return { id };
}
