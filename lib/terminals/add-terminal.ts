import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";

/** A terminal's reference code: printed before each order number ("T2" → "T2-000123"). */
export const TERMINAL_CODE = /^[A-Z][A-Z0-9]{0,5}$/;

/** Adds a terminal (a till, a kiosk, a register) with its own reference code, unique in the store. */
export async function addTerminal(ctx: Ctx, { actor, code, name }: { actor: Actor; code: string; name: string }): Promise<{ id: string }> {
  const upper = code.trim().toUpperCase();
  if (!TERMINAL_CODE.test(upper)) throw new AppError("invalid_request", "A code is a letter then up to 5 letters or digits", { errors: [{ path: "code", message: "pattern" }] });
  if (!name.trim()) throw new AppError("invalid_request", "A terminal needs a name", { errors: [{ path: "name", message: "required" }] });
  const id = newId("trm");
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    // The unique ("storeId", "code") decides a race; this read gives the clear message.
    if (await tx.terminal.findUnique({ where: { storeId_code: { storeId: actor.storeId, code: upper } } })) {
      throw new AppError("conflict", `The code ${upper} is already used by another terminal`);
    }
    await tx.terminal.create({ data: { id, storeId: actor.storeId, code: upper, name: name.trim(), createdAt: at } });
    await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "terminal.added", entityType: "terminal", entityId: id, data: { code: upper, name: name.trim() } }, at);
  });
  return { id };
}
