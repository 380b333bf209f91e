import type { Actor, Ctx } from "@/lib/context";
import { actorRef } from "@/lib/context";
import { recordAudit } from "./record-audit";

/**
 * Audits an attempt to do what the actor's role may not (a cashier calling an
 * owner action or opening an owner page, a cashier key on an owner route).
 * `what` names the action or page, never its input.
 */
export async function recordDeniedAccess(ctx: Ctx, { actor, what }: { actor: Actor; what: string }): Promise<void> {
  const at = ctx.now();
  await ctx.db.$transaction((tx) =>
    recordAudit(
      tx,
      { storeId: actor.storeId, actor: actorRef(actor), terminalId: actor.terminalId, action: "access.denied", entityType: actor.kind === "staff" ? "staff" : "api_key", entityId: actor.id, data: { role: actor.role, what: what.slice(0, 200) } },
      at,
    ),
  );
}
