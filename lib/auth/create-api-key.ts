import { recordAudit } from "@/lib/audit/record-audit";
import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { hashToken, newToken } from "./tokens";

/** Characters of a key kept in the clear, so that the owner can tell keys apart (README: 8). */
export const KEY_PREFIX_CHARS = 8;

/**
 * Creates an API key for one of the store's terminals. The key itself is
 * returned once, here, and stored only as its SHA-256: nobody can read it
 * back, the owner included.
 */
export async function createApiKey(
  ctx: Ctx,
  { actor, name, role, terminalId }: { actor: Actor; name: string; role: "cashier" | "owner"; terminalId: string },
): Promise<{ id: string; key: string; prefix: string }> {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError("invalid_request", "A key needs a name", { errors: [{ path: "name", message: "required" }] });
  const key = newToken("tk_");
  const id = newId("key");
  const prefix = key.slice(0, KEY_PREFIX_CHARS);
  const at = ctx.now();
  await ctx.db.$transaction(async (tx) => {
    const terminal = await tx.terminal.findFirst({ where: { id: terminalId, storeId: actor.storeId } });
    if (!terminal) throw new AppError("not_found", "No such terminal in this store");
    await tx.apiKey.create({ data: { id, storeId: actor.storeId, terminalId, name: trimmed, role, keyHash: hashToken(key), prefix, createdAt: at, createdById: actor.id } });
    await recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "api_key.created", entityType: "api_key", entityId: id, data: { name: trimmed, role, terminal: terminal.code, prefix } },
      at,
    );
  });
  return { id, key, prefix };
}
