import type { Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import type { OrderItemInput } from "@/lib/orders/create-order";

/**
 * Turns a cart of product ids and quantities into order items at the store's
 * own prices: the browser says what was tapped, never what it costs.
 */
export async function itemsFromCart(
  ctx: Ctx,
  { storeId, cart, locale }: { storeId: string; cart: { productId: string; quantity: number }[]; locale: string },
): Promise<OrderItemInput[]> {
  const products = await ctx.db.product.findMany({ where: { storeId, active: true, id: { in: cart.map((c) => c.productId) } } });
  const byId = new Map(products.map((p) => [p.id, p]));
  return cart.map((line) => {
    const product = byId.get(line.productId);
    if (!product) throw new AppError("invalid_request", "A product in the cart is no longer sold; remove it and charge again");
    return { productId: product.id, name: locale === "en" ? product.nameEn : product.nameZh, unitAmount: product.unitAmount, quantity: line.quantity };
  });
}
