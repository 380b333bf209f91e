import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { storeSettingsOf, type StoreSettings } from "./store-settings";

/**
 * Saves the owner's settings and audits each change with its old and new
 * value, in one transaction. The currency can change only while the store has
 * no orders: amounts already taken are in the old currency.
 */
export async function updateStoreSettings(ctx: Ctx, { actor, settings }: { actor: Actor; settings: StoreSettings }): Promise<StoreSettings> {
  return ctx.db.$transaction(async (tx) => {
    const store = await tx.store.findUniqueOrThrow({ where: { id: actor.storeId } });
    const before = storeSettingsOf(store);
    const changes = (Object.keys(settings) as (keyof StoreSettings)[]).filter((key) => settings[key] !== before[key]);
    if (changes.length === 0) return before;
    if (changes.includes("currency") && (await tx.order.findFirst({ where: { storeId: store.id }, select: { id: true } }))) {
      throw new AppError("invalid_request", "The currency cannot change once the store has orders", { errors: [{ path: "currency", message: `the store already has orders in ${store.currency}` }] });
    }
    await tx.store.update({ where: { id: store.id }, data: settings });
    await recordAudit(
      tx,
      {
        storeId: store.id,
        actor: actorRef(actor),
        action: "store.settings_changed",
        entityType: "store",
        entityId: store.id,
        data: Object.fromEntries(changes.map((key) => [key, { old: before[key], new: settings[key] }])),
      },
      ctx.now(),
    );
    return settings;
  });
}
