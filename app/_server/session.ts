import { hasRole, type Role } from "@/lib/context";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { recordDeniedAccess } from "@/lib/audit/record-denied-access";
import { getSession, type IdleLimits, type StaffSession } from "@/lib/auth/get-session";
import { touchSession } from "@/lib/auth/touch-session";
import { env } from "@/lib/env";
import { PATH_HEADER } from "@/lib/http/security-headers";
import { LOCALE_COOKIE, pickLocale, type Locale } from "@/lib/i18n/locales";
import { serverCtx } from "@/lib/server-context";

export const SESSION_COOKIE = "till_session";
/** The store this device last signed in to: its staff are the ones the sign-in screen shows (a chain's devices). */
export const DEVICE_STORE_COOKIE = "till_store";




/** The idle limits from the environment (TILL_SESSION_IDLE_MIN, TILL_OWNER_IDLE_MIN). */
export function idleLimits(): IdleLimits {
  const e = env();
  return { sessionMs: e.TILL_SESSION_IDLE_MIN * 60_000, ownerMs: e.TILL_OWNER_IDLE_MIN * 60_000 };
}

/**
 * The signed-in staff member; looked up once per request however many layouts,
 * pages and metadata ask. Each use counts as activity for the idle limit.
 */
export const currentStaff = cache(async (): Promise<StaffSession | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const ctx = await serverCtx();
  const staff = await getSession(ctx, token, idleLimits());
  if (staff) await touchSession(ctx, staff);
  return staff;
});

/** Marks owner activity once per request (owner pages and actions). */
export const touchOwner = cache(async (staff: StaffSession): Promise<void> => {
  await touchSession(await serverCtx(), staff, { owner: true });
});

/** A same-site path to come back to after signing in, or null. */
export function safeReturnPath(path: string | null | undefined): string | null {
  if (!path || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\") || path.length > 500) return null;
  return path;
}

/**
 * The signed-in staff member, or a redirect to the sign-in page. Owner pages
 * check the role here, on the server: a cashier is sent back to the sale
 * screen, an owner refused the chain page to the back office (each attempt
 * audited); an owner whose owner pages have been
 * quiet past TILL_OWNER_IDLE_MIN enters the PIN again.
 */
export async function requireStaff(role: Role = "cashier"): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  if (role !== "cashier") {
    const path = safeReturnPath((await headers()).get(PATH_HEADER)) ?? "/admin";
    if (!hasRole(staff.actor.role, role)) {
      await recordDeniedAccess(await serverCtx(), { actor: staff.actor, what: `page ${path.split("?")[0]}` });
      // An owner refused a chain owner's page stays in the back office.
      redirect(hasRole(staff.actor.role, "owner") ? "/admin/settings?denied=chain_owner" : "/sale?denied=owner");
    }
    if (!staff.ownerFresh) redirect(`/login?switch=1&reauth=owner&next=${encodeURIComponent(path)}`);
    await touchOwner(staff);
  }
  return staff;
}

export async function currentLocale(): Promise<Locale> {
  const saved = (await cookies()).get(LOCALE_COOKIE)?.value;
  return pickLocale(saved, (await headers()).get("accept-language"));
}

/**
 * Who is asking, for sign-in rate limits. Under `npm start` the server
 * (scripts/serve.ts) has replaced X-Forwarded-For with one address decided from
 * the socket — the peer, or the client behind a trusted proxy — so the header
 * is a fact here, not the client's claim. (`next dev` keeps the client's header.)
 */
export async function clientAddress(): Promise<string> {
  return (await headers()).get("x-forwarded-for")?.trim() || "unknown";
}

/**
 * Whether the browser reached Till over TLS (itself or through a trusted
 * proxy), from X-Forwarded-Proto as scripts/serve.ts set it: a session cookie
 * is `Secure` exactly then, whatever URL the payment provider is given.
 */
export async function reachedOverHttps(): Promise<boolean> {
  return (await headers()).get("x-forwarded-proto") === "https";
}
