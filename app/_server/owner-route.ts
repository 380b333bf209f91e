import { problemResponse } from "@/lib/api/problem";
import { recordDeniedAccess } from "@/lib/audit/record-denied-access";
import type { StaffSession } from "@/lib/auth/get-session";
import { requestIdOf } from "@/lib/api/request-id";
import { AppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { currentStaff, touchOwner } from "./session";

/**
 * The owner behind a route handler's session cookie (a download from an owner
 * page), or the problem to answer: 401 without a session or with an owner idle
 * past the limit, 403 (audited) for a cashier.
 */
export async function ownerForRoute(request: Request, what: string): Promise<StaffSession | Response> {
  const requestId = requestIdOf(request.headers);
  const staff = await currentStaff();
  if (!staff) return problemResponse(new AppError("unauthorized", "Sign in first"), requestId);
  if (staff.actor.role !== "owner") {
    await recordDeniedAccess(await serverCtx(), { actor: staff.actor, what });
    return problemResponse(new AppError("forbidden", "This needs the owner"), requestId);
  }
  if (!staff.ownerFresh) return problemResponse(new AppError("unauthorized", "Enter your PIN again", { extra: { reauth: "owner" } }), requestId);
  await touchOwner(staff);
  return staff;
}
