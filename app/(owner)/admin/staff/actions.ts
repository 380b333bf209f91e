"use server";

import { actorRef } from "@/lib/context";
import { addStaff } from "@/lib/auth/add-staff";
import { resetStaffPin } from "@/lib/staff/reset-staff-pin";
import { revokeSession } from "@/lib/staff/revoke-session";
import { AddStaffInput, ResetPinInput, SessionRef, StaffRef, UpdateStaffInput } from "@/lib/staff/staff-schemas";
import { unlockStaff } from "@/lib/staff/unlock-staff";
import { updateStaff } from "@/lib/staff/update-staff";
import { withStaff } from "@/app/_server/with-staff";

export const addStaffAction = withStaff("owner", AddStaffInput, (input, staff, ctx) => addStaff(ctx, { storeId: staff.actor.storeId, actor: actorRef(staff.actor), ...input }));

export const updateStaffAction = withStaff("owner", UpdateStaffInput, (input, staff, ctx) => updateStaff(ctx, { actor: staff.actor, ...input }));

export const resetPinAction = withStaff("owner", ResetPinInput, (input, staff, ctx) => resetStaffPin(ctx, { actor: staff.actor, ...input }));

export const unlockStaffAction = withStaff("owner", StaffRef, ({ staffId }, staff, ctx) => unlockStaff(ctx, { actor: staff.actor, staffId }));

export const revokeSessionAction = withStaff("owner", SessionRef, ({ sessionId }, staff, ctx) => revokeSession(ctx, { actor: staff.actor, sessionId }));
