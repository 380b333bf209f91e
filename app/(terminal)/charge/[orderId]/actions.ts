"use server";

import { z } from "zod";
import { runIdempotent } from "@/lib/api/idempotency";
import { cancelOrder } from "@/lib/orders/cancel-order";
import { chargeAgain } from "@/lib/orders/charge-again";
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

/** A new QR for the same sale after this one ended unpaid; one new order per ended order, however often it is tapped. */
export const chargeAgainAction = withStaff("cashier", orderRef, async ({ orderId }, staff, ctx) =>
  runIdempotent(ctx, { scope: `store:${staff.actor.storeId}`, route: "sale.charge-again", key: `again-${orderId}`, request: { orderId } }, async () => {
    const order = await chargeAgain(ctx, { actor: staff.actor, orderId });
    return { orderId: order.id };
  }),
);
