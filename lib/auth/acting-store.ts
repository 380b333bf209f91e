import type { Actor, Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";

/** The API header with which a chain_owner key names the store it acts in. */
export const STORE_HEADER = "till-store";

/**
 * The actor acting in the store it asked for, the one place a store is chosen.
 *
 * - No store asked for (null/empty): the actor as it is (its home store).
 * - Its own store: the actor as it is.
 * - Another store: a chain_owner acts there as owner — `storeId` becomes that
 *   store and `terminalId` that store's first terminal, so every store-scoped
 *   query keeps working unchanged. Anyone else gets 404, the same answer as
 *   for a store that does not exist: a store id is not confirmed to exist.
 */
export async function resolveActingStore(ctx: Ctx, actor: Actor, requested: string | null | undefined): Promise<Actor> {
  const home = actor.homeStoreId ?? actor.storeId;
  const wanted = requested?.trim();
  if (!wanted || wanted === actor.storeId) return actor;
  if (actor.role !== "chain_owner") throw new AppError("not_found", "No such store");
  if (wanted.length > 64) throw new AppError("not_found", "No such store");
  const terminal = await ctx.db.terminal.findFirst({ where: { storeId: wanted }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true } });
  if (!terminal) {
    const store = await ctx.db.store.findUnique({ where: { id: wanted }, select: { id: true } });
    if (!store) throw new AppError("not_found", "No such store");
    throw new AppError("conflict", "That store has no terminal yet");
  }
  return { ...actor, storeId: wanted, terminalId: terminal.id, homeStoreId: home };
}

/** The stores of the chain, for a chain_owner's switcher and chain page (oldest first). */
export async function listChainStores(ctx: Ctx): Promise<{ id: string; name: string; timeZone: string; currency: string }[]> {
  return ctx.db.store.findMany({ orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, timeZone: true, currency: true } });
}
