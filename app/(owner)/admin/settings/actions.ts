"use server";

import { StoreSettings } from "@/lib/stores/store-settings";
import { updateStoreSettings } from "@/lib/stores/update-store-settings";
import { withStaff } from "@/app/_server/with-staff";

export const saveSettingsAction = withStaff("owner", StoreSettings, (settings, staff, ctx) => updateStoreSettings(ctx, { actor: staff.actor, settings }));
