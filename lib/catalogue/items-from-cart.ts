import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { OrderItemInput } from "@/lib/orders/create-order";

/**
 * Turns a cart of product ids and quantities into order items at the store's
 * own prices: the browser says what was tapped, never what it costs. A line
 * keeps the product's names in both languages as they are now, so that the
 * order reads right in either language later, whatever the catalogue becomes;
 * its API name is the Chinese one (Till's shops keep their catalogue in Chinese first).
 */
export async function itemsFromCart(ctx: Ctx, { storeId, cart }: { storeId: string; cart: { productId: string; quantity: number }[] }): Promise<OrderItemInput[]> {
  const products = await ctx.db.product.findMany({ where: { storeId, active: true, id: { in: cart.map((c) => c.productId) } } });
  const byId = new Map(products.map((p) => [p.id, p]));
  return cart.map((line) => {
    const product = byId.get(line.productId);
    if (!product) throw new AppError("invalid_request", "A product in the cart is no longer sold; remove it and charge again");
    return { kind: "product", productId: product.id, name: product.nameZh, nameEn: product.nameEn, nameZh: product.nameZh, unitAmount: product.unitAmount, quantity: line.quantity };
  });
}

/** The amount typed on the sale keypad, as a line of its own: labelled in each viewer's language, not the cashier's. */
export function typedAmountItem(amount: number): OrderItemInput {
  return { kind: "amount", name: "金额", unitAmount: amount, quantity: 1 };
}
