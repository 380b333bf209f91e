"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { createApiKey } from "@/lib/auth/create-api-key";
import { revokeApiKey } from "@/lib/auth/revoke-api-key";
import { addTerminal } from "@/lib/terminals/add-terminal";
import { withStaff } from "@/app/_server/with-staff";

const keyInput = z.strictObject({ name: z.string().trim().min(1).max(60), role: z.enum(["cashier", "owner"]), terminalId: z.string().min(1).max(64) });

/** The new key is in the answer once; it is never shown again. */
export const createApiKeyAction = withStaff(
  "owner",
  keyInput,
  async (input, staff, ctx) => {
    const created = await createApiKey(ctx, { actor: staff.actor, ...input });
    revalidatePath("/admin/keys");
    return created;
  },
  "api_key.create",
);

export const revokeApiKeyAction = withStaff(
  "owner",
  z.strictObject({ keyId: z.string().min(1).max(64) }),
  async ({ keyId }, staff, ctx) => {
    const { revokedAt } = await revokeApiKey(ctx, { actor: staff.actor, keyId });
    revalidatePath("/admin/keys");
    return { revokedAt: revokedAt.toISOString() };
  },
  "api_key.revoke",
);

export const addTerminalAction = withStaff(
  "owner",
  z.strictObject({ code: z.string().trim().min(1).max(6), name: z.string().trim().min(1).max(60) }),
  async (input, staff, ctx) => {
    const added = await addTerminal(ctx, { actor: staff.actor, ...input });
    revalidatePath("/admin/keys");
    return added;
  },
  "terminal.add",
);
