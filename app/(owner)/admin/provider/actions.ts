"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { credentialFieldNames } from "@/lib/providers/credential-fields";
import { saveProviderCredentials } from "@/lib/providers/save-provider-credentials";
import { setDefaultConnection } from "@/lib/providers/set-default-connection";
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

const credentialValue = z.string().max(16_000);
const gatewayUrl = z.url({ protocol: /^https?$/ }).max(300);

export const saveCredentialsAction = withStaff(
  "owner",
  z.discriminatedUnion("kind", [
    z.strictObject({ kind: z.literal("wechat"), baseUrl: gatewayUrl, credentials: z.partialRecord(z.enum(credentialFieldNames("wechat")), credentialValue) }),
    z.strictObject({ kind: z.literal("alipay"), baseUrl: gatewayUrl, credentials: z.partialRecord(z.enum(credentialFieldNames("alipay")), credentialValue) }),
  ]),
  async ({ kind, baseUrl, credentials }, staff, ctx) => {
    await saveProviderCredentials(ctx, { actor: staff.actor, kind, baseUrl, credentials });
    revalidatePath("/admin/provider");
    return null;
  },
  "provider.credentials_save",
);

export const setDefaultConnectionAction = withStaff(
  "owner",
  z.strictObject({ connectionId: z.string().min(1).max(64) }),
  async ({ connectionId }, staff, ctx) => {
    await setDefaultConnection(ctx, { actor: staff.actor, connectionId });
    revalidatePath("/admin/provider");
    return null;
  },
  "provider.default_change",
);
