import type { Tx } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { verifyPin } from "./pin-hash";
import { lockRows } from "@/lib/db/lock-rows";

/**
 * Refuses a PIN that an active colleague of the store already uses: PINs are
 * unique within a store, so that a PIN alone names the owner who approves a
 * refund. Only slow hashes are stored, so the PIN is verified against each
 * colleague's hash, inside the caller's transaction, so that two changes with
 * one PIN cannot both succeed.
 */
export async function refusePinInUse(tx: Tx, { storeId, pin, except }: { storeId: string; pin: string; except?: string }): Promise<void> {
  // Two PIN changes in one store at once (PostgreSQL): the second waits for the first and then sees its PIN.
  await lockRows(tx, "Store", [storeId]);
  const colleagues = await tx.staff.findMany({ where: { storeId, active: true, ...(except ? { id: { not: except } } : {}) }, select: { pinHash: true } });
  for (const colleague of colleagues) {
    if (await verifyPin(pin, colleague.pinHash)) {
      throw new AppError("conflict", "Another staff member of this store already uses this PIN; choose another", { errors: [{ path: "pin", message: "already used in this store" }] });
    }
  }
}
