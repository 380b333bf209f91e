"use server";

import { z } from "zod";
import { runIdempotent } from "@/lib/api/idempotency";
import { itemsFromCart, typedAmountItem } from "@/lib/catalogue/items-from-cart";
import { MAX_AMOUNT } from "@/lib/money";
import { createOrder } from "@/lib/orders/create-order";
import { withStaff } from "@/app/_server/with-staff";

const saleInput = z.strictObject({
  /** Made by the sale screen once per sale: a refresh or a retry reuses it, so one sale is one order. */
  saleKey: z.string().min(8).max(64),
  amount: z.int().min(0).max(MAX_AMOUNT),
  cart: z.array(z.strictObject({ productId: z.string().min(1).max(64), quantity: z.int().min(1).max(999) })).max(100),
  /** The connection whose QR the cashier picked, when the store has more than one; the default otherwise. */
  connectionId: z.string().min(1).max(64).optional(),
});

export const createSale = withStaff("cashier", saleInput, async (input, staff, ctx) => {
  return runIdempotent(ctx, { scope: `staff:${staff.staffId}`, route: "sale.create", key: input.saleKey, request: input }, async () => {
    const items = await itemsFromCart(ctx, { storeId: staff.actor.storeId, cart: input.cart });
    if (items.length > 0 && input.amount > 0) items.push(typedAmountItem(input.amount));
    const order = await createOrder(ctx, {
      actor: staff.actor,
      input: { ...(items.length > 0 ? { items } : { amount: input.amount }), connectionId: input.connectionId },
    });
    return { orderId: order.id };
  });
});
