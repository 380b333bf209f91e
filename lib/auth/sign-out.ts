import type { Ctx } from "@/lib/context";
import { hashToken } from "./tokens";

/** Revokes the session behind a cookie token; signing out twice is harmless. */
export async function signOut(ctx: Ctx, token: string | undefined): Promise<void> {
  if (!token) return;
  await ctx.db.session.updateMany({ where: { tokenHash: hashToken(token), revokedAt: null }, data: { revokedAt: ctx.now() } });
}
