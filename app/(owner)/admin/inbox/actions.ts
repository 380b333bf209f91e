"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { replayDelivery } from "@/lib/notifications/replay-delivery";
import { withStaff } from "@/app/_server/with-staff";

export const replayDeliveryAction = withStaff(
  "owner",
  z.strictObject({ deliveryId: z.string().min(1).max(64) }),
  async ({ deliveryId }, staff, ctx) => {
    const result = await replayDelivery(ctx, { actor: staff.actor, deliveryId });
    revalidatePath("/admin/inbox");
    return result;
  },
  "notification.replay",
);
