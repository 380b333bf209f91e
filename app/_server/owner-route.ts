import { hasRole } from "@/lib/context";
import { problemResponse } from "@/lib/api/problem";
import { recordDeniedAccess } from "@/lib/audit/record-denied-access";
import type { StaffSession } from "@/lib/auth/get-session";
import { requestIdOf } from "@/lib/api/request-id";
import { AppError } from "@/lib/errors";
import { serverCtx } from "@/lib/server-context";
import { currentStaff, safeReturnPath, touchOwner } from "./session";

/**
 * The owner behind a route handler's session cookie (a download from an owner
 * page), or the problem to answer: 401 without a session or with an owner idle
 * past the limit, 403 (audited) for a cashier. An idle owner who followed a
 * download link in the browser is sent to enter the PIN again instead, and
 * then back to the page the link was on.
 */
export async function ownerForRoute(request: Request, what: string): Promise<StaffSession | Response> {
  const requestId = requestIdOf(request.headers);
  const staff = await currentStaff();
  if (!staff) return problemResponse(new AppError("unauthorized", "Sign in first"), requestId);
  if (!hasRole(staff.actor.role, "owner")) {
    await recordDeniedAccess(await serverCtx(), { actor: staff.actor, what });
    return problemResponse(new AppError("forbidden", "This needs the owner"), requestId);
  }
  if (!staff.ownerFresh) {
    if (request.headers.get("sec-fetch-mode") === "navigate") return reauthRedirect(request);
    return problemResponse(new AppError("unauthorized", "Enter your PIN again", { extra: { reauth: "owner" } }), requestId);
  }
  await touchOwner(staff);
  return staff;
}

/** 303 to the PIN prompt, coming back to the same-origin page that linked here (or to the back office). */
function reauthRedirect(request: Request): Response {
  // The host the browser asked for (request.url may carry the server's own name for it).
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  let back: string | null = null;
  try {
    const referrer = new URL(request.headers.get("referer") ?? "");
    if (referrer.host === host) back = safeReturnPath(referrer.pathname + referrer.search);
  } catch {
    // No referrer, or not a URL: back to the back office.
  }
  const location = `/login?switch=1&reauth=owner&next=${encodeURIComponent(back ?? "/admin")}`;
  return new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
}
