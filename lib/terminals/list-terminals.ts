import type { Ctx } from "@/lib/context";

export type TerminalChoice = { id: string; code: string; name: string };

/** A store's terminals by code (T1, T2, …): a handful of rows, read by the unique ("storeId", "code"). */
export async function listTerminals(ctx: Ctx, { storeId }: { storeId: string }): Promise<TerminalChoice[]> {
  return ctx.db.terminal.findMany({ where: { storeId }, orderBy: { code: "asc" }, select: { id: true, code: true, name: true } });
}
