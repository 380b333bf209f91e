"use server";

import { z } from "zod";
import { withStaff } from "@/app/_server/with-staff";
import { chooseStore } from "@/lib/auth/choose-store";

/** The store switcher: a chain_owner's session acts in the chosen store. */
export const chooseStoreAction = withStaff("chain_owner", z.strictObject({ storeId: z.string().min(1).max(64) }), ({ storeId }, staff, ctx) =>
  chooseStore(ctx, { actor: staff.actor, sessionId: staff.sessionId, storeId }),
  "store switch",
);
