"use server";

import { closeDay } from "@/lib/reconciliation/close-day";
import { CloseDayInput } from "@/lib/reconciliation/day-report";
import { withStaff } from "@/app/_server/with-staff";

export const closeDayAction = withStaff("owner", CloseDayInput, (input, staff, ctx) => closeDay(ctx, { actor: staff.actor, day: input.day, acknowledged: input.acknowledged }), "day close");
