import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId } from "@/lib/ids";
import type { ProductInput } from "./catalogue-schemas";

/**
 * Adds or edits a product of the owner's store, audited with what changed. A
 * price change applies to sales from now on: an order keeps the lines it was
 * sold with (lib/catalogue/items-from-cart.ts copies them).
 */
export async function saveProduct(ctx: Ctx, { actor, product }: { actor: Actor; product: ProductInput }): Promise<{ id: string }> {
  return ctx.db.$transaction(async (tx) => {
    if (product.categoryId !== null && !(await tx.category.findFirst({ where: { id: product.categoryId, storeId: actor.storeId }, select: { id: true } }))) {
      throw new AppError("invalid_request", "No such category in this store", { errors: [{ path: "categoryId", message: "not a category of this store" }] });
    }
    const data = { nameZh: product.nameZh, nameEn: product.nameEn, unitAmount: product.unitAmount, categoryId: product.categoryId, sortOrder: product.sortOrder, active: product.active };
    const before = product.id ? await tx.product.findFirst({ where: { id: product.id, storeId: actor.storeId } }) : null;
    if (product.id && !before) throw new AppError("not_found", "No such product in this store");
    const id = before?.id ?? newId("prd");
    if (before) await tx.product.update({ where: { id }, data });
    else await tx.product.create({ data: { id, storeId: actor.storeId, ...data } });
    const changes = before
      ? Object.fromEntries((Object.keys(data) as (keyof typeof data)[]).filter((key) => before[key] !== data[key]).map((key) => [key, { old: before[key], new: data[key] }]))
      : { created: data };
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { storeId: actor.storeId, actor: actorRef(actor), action: before ? "product.changed" : "product.added", entityType: "product", entityId: id, data: changes }, ctx.now());
    }
    return { id };
  });
}
