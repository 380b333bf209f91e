import type { Actor, Ctx } from "@/lib/context";
import { hashToken } from "./tokens";

export type StaffSession = { sessionId: string; staffId: string; name: string; actor: Actor };

/** The live session for a cookie token, or null (unknown, expired, revoked, or staff deactivated). */
export async function getSession(ctx: Ctx, token: string | undefined): Promise<StaffSession | null> {
  if (!token) return null;
  const session = await ctx.db.session.findUnique({ where: { tokenHash: hashToken(token) }, include: { staff: true } });
  const now = ctx.now();
  if (!session || session.revokedAt || session.expiresAt <= now || !session.staff.active) return null;
  return {
    sessionId: session.id,
    staffId: session.staffId,
    name: session.staff.name,
    actor: {
      kind: "staff",
      id: session.staffId,
      storeId: session.staff.storeId,
      terminalId: session.terminalId,
      role: session.staff.role === "owner" ? "owner" : "cashier",
    },
  };
}
