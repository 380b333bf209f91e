"use server";

import { z } from "zod";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { checkOrder } from "@/lib/orders/check-order";
import { orderJson } from "@/lib/orders/order-json";
import { withStaff } from "@/app/_server/with-staff";

const orderRef = z.strictObject({ orderId: z.string().min(1).max(64) });

export const cancelOrderAction = withStaff("cashier", orderRef, async ({ orderId }, staff, ctx) =>
  orderJson(await cancelOrder(ctx, { actor: staff.actor, orderId })),
);

export const checkOrderAction = withStaff("cashier", orderRef, async ({ orderId }, staff, ctx) => {
  const { order, providerStatus } = await checkOrder(ctx, { actor: staff.actor, orderId });
  return { order: orderJson(order), providerStatus };
});
