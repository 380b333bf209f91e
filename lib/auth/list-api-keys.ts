import type { Ctx } from "@/lib/context";

export type TerminalView = { id: string; code: string; name: string; keys: number };
export type ApiKeyView = { id: string; name: string; role: string; terminalCode: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

/** The store's terminals and API keys (never a key itself: only its prefix is stored in the clear). Lists of a store are small. */
export async function listApiKeys(ctx: Ctx, storeId: string): Promise<{ terminals: TerminalView[]; keys: ApiKeyView[] }> {
  const [terminals, keys] = await Promise.all([
    ctx.db.terminal.findMany({ where: { storeId }, orderBy: { code: "asc" }, include: { _count: { select: { apiKeys: { where: { revokedAt: null } } } } } }),
    ctx.db.apiKey.findMany({ where: { storeId }, include: { terminal: { select: { code: true } } } }),
  ]);
  // Live keys first, then newest; sorted here: a store has a handful of keys.
  keys.sort((a, b) => Number(a.revokedAt !== null) - Number(b.revokedAt !== null) || b.createdAt.getTime() - a.createdAt.getTime());
  return {
    terminals: terminals.map((t) => ({ id: t.id, code: t.code, name: t.name, keys: t._count.apiKeys })),
    keys: keys.map((k) => ({
      id: k.id,
      name: k.name,
      role: k.role,
      terminalCode: k.terminal.code,
      prefix: k.prefix,
      createdAt: k.createdAt.toISOString(),
      lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
      revokedAt: k.revokedAt?.toISOString() ?? null,
    })),
  };
}
