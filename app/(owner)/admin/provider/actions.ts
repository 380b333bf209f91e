"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { finishSecretRotation, startSecretRotation } from "@/lib/providers/rotate-webhook-secret";
import { updateProviderConnection } from "@/lib/providers/update-provider-connection";
import { withStaff } from "@/app/_server/with-staff";

export const updateProviderAction = withStaff(
  "owner",
  z.strictObject({ baseUrl: z.url({ protocol: /^https?$/ }).max(300), apiKey: z.string().trim().max(300).optional() }),
  async ({ baseUrl, apiKey }, staff, ctx) => {
    await updateProviderConnection(ctx, { actor: staff.actor, baseUrl, apiKey: apiKey || undefined });
    revalidatePath("/admin/provider");
    return null;
  },
  "provider.update",
);

export const startRotationAction = withStaff(
  "owner",
  z.strictObject({ newSecret: z.string().trim().min(1).max(300) }),
  async ({ newSecret }, staff, ctx) => {
    await startSecretRotation(ctx, { actor: staff.actor, newSecret });
    revalidatePath("/admin/provider");
    return null;
  },
  "provider.rotation_start",
);

export const finishRotationAction = withStaff(
  "owner",
  z.strictObject({}),
  async (_input, staff, ctx) => {
    await finishSecretRotation(ctx, { actor: staff.actor });
    revalidatePath("/admin/provider");
    return null;
  },
  "provider.rotation_finish",
);
