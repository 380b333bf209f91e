import { z } from "zod";
import { PIN_PATTERN } from "@/lib/auth/add-staff";

export const StaffRole = z.enum(["cashier", "owner"]);
const pin = z.string().regex(PIN_PATTERN, "4 to 8 digits");
const name = z.string().trim().min(1, "enter a name").max(40, "at most 40 characters");

export const AddStaffInput = z.strictObject({ name, role: StaffRole, pin });
export const UpdateStaffInput = z.strictObject({ staffId: z.string().min(1).max(64), name: name.optional(), role: StaffRole.optional(), active: z.boolean().optional() });
export const ResetPinInput = z.strictObject({ staffId: z.string().min(1).max(64), pin });
export const StaffRef = z.strictObject({ staffId: z.string().min(1).max(64) });
export const SessionRef = z.strictObject({ sessionId: z.string().min(1).max(64) });
