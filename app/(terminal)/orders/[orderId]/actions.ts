"use server";

import { z } from "zod";
import { PIN_PATTERN } from "@/lib/auth/add-staff";
import { refundJson } from "@/lib/orders/order-json";
import { requestRefund } from "@/lib/refunds/request-refund";
import { withStaff } from "@/app/_server/with-staff";

const refundInput = z.strictObject({
  orderId: z.string().min(1).max(64),
  paymentId: z.string().min(1).max(64),
  amount: z.int().min(1),
  reason: z.string().trim().min(1).max(80),
  /** One per refund intent, kept by the screen across reloads: a double tap or a retry is the same refund. */
  key: z.string().min(8).max(64),
  approverPin: z.string().regex(PIN_PATTERN).optional(),
});

export const refundAction = withStaff("cashier", refundInput, async (input, staff, ctx) => {
  const { refund } = await requestRefund(ctx, { actor: staff.actor, ...input });
  return refundJson(refund);
});
