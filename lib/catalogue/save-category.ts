import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { CategoryInput } from "./catalogue-schemas";

/** Adds or edits a product category of the owner's store, audited with what changed. */
export async function saveCategory(ctx: Ctx, { actor, category }: { actor: Actor; category: CategoryInput }): Promise<{ id: string }> {
  return ctx.db.$transaction(async (tx) => {
    const data = { nameZh: category.nameZh, nameEn: category.nameEn, sortOrder: category.sortOrder, active: category.active };
    const before = category.id ? await tx.category.findFirst({ where: { id: category.id, storeId: actor.storeId } }) : null;
    if (category.id && !before) throw new AppError("not_found", "No such category in this store");
    const id = before?.id ?? newId("cat");
    if (before) await tx.category.update({ where: { id }, data });
    else await tx.category.create({ data: { id, storeId: actor.storeId, ...data } });
    const changes = before
      ? Object.fromEntries((Object.keys(data) as (keyof typeof data)[]).filter((key) => before[key] !== data[key]).map((key) => [key, { old: before[key], new: data[key] }]))
      : { created: data };
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), action: before ? "category.changed" : "category.added", entityType: "category", entityId: id, data: changes }, ctx.now());
    }
    return { id };
  });
}
