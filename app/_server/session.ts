import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getSession, type StaffSession } from "@/lib/auth/get-session";
import { LOCALE_COOKIE, pickLocale, type Locale } from "@/lib/i18n/locales";
import { serverCtx } from "@/lib/server-context";

export const SESSION_COOKIE = "till_session";

/** The signed-in staff member; looked up once per request however many layouts, pages and metadata ask. */
export const currentStaff = cache(async (): Promise<StaffSession | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return getSession(await serverCtx(), token);
});

/** The signed-in staff member, or a redirect to the sign-in page; owner pages check the role here, on the server. */
export async function requireStaff(role: "cashier" | "owner" = "cashier"): Promise<StaffSession> {
  const staff = await currentStaff();
  if (!staff) redirect("/login");
  if (role === "owner" && staff.actor.role !== "owner") redirect("/sale?denied=owner");
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
