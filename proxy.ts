import { NextResponse } from "next/server";
import { malformedPathAnswer } from "@/lib/api/malformed-path";
import { problemResponse } from "@/lib/api/problem";
import { requestIdOf } from "@/lib/api/request-id";
import { AppError } from "@/lib/errors";
import { checkSameOrigin, isExemptFromOriginCheck } from "@/lib/http/same-origin";
import { newNonce, pageCsp, PATH_HEADER } from "@/lib/http/security-headers";
import { logger } from "@/lib/log/logger";




/**
 * Runs before Next.js matches routes, and does three things:
 * - answers a path that is not valid percent-encoding with a problem+json 400,
 *   because Next.js would fail on it while decoding a dynamic segment and
 *   answer a plain 500 (lib/api/malformed-path.ts);
 * - refuses a state-changing request from another site (server actions and
 *   route handlers that ride the session cookie; lib/http/same-origin.ts);
 * - gives each page its Content-Security-Policy with a fresh script nonce
 *   (lib/http/security-headers.ts). The static security headers come from
 *   next.config.ts, for every answer.
 */
export function proxy(request: Request): Response | undefined {
  const url = new URL(request.url);
  const { pathname } = url;
  if (pathname.startsWith("/api/")) {
    const malformed = malformedPathAnswer(request);
    if (malformed) return malformed;
    // The bearer-key API and the webhooks carry no ambient credential and are not pages.
    if (isExemptFromOriginCheck(pathname)) return undefined;
  }

  const verdict = checkSameOrigin({ method: request.method, pathname, headers: request.headers });
  if (!verdict.ok) {
    logger.warn({ method: request.method, path: pathname, reason: verdict.reason }, "refused a cross-site request");
    return problemResponse(new AppError("forbidden", "Cross-site request refused"), requestIdOf(request.headers));
  }

  const nonce = newNonce();
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  // Next.js reads the nonce for its own scripts from the request's CSP header.
  headers.set("content-security-policy", csp);
  headers.set(PATH_HEADER, pathname + url.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (request.headers.get("x-forwarded-proto") === "https") response.headers.set("strict-transport-security", "max-age=31536000");
  return response;
}

export const config = {
  matcher: [
    // API paths holding a "%": a path without one cannot be malformed.
    "/api/:rest(.*%.*)",
    // Pages, server actions and the session's own route handlers; not the bearer-key API, webhooks, the benchmarks' bare route or build assets,
    // where running the proxy would only cost time.
    "/((?!api/v1/|api/v1$|api/webhooks/|api/bench$|_next/static/|_next/image|favicon\\.ico|icon\\.svg|apple-icon\\.png|manifest\\.webmanifest|icons/).*)",
  ],
};
