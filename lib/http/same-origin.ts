/**
 * Cross-site request refusal for everything a browser session can change.
 *
 * Server actions and route handlers reached with the session cookie must come
 * from Till's own pages: a state-changing request (any method but GET, HEAD and
 * OPTIONS) whose `Origin` names another site is refused. A request without an
 * `Origin` (curl, an old client) is refused only when the browser says it is
 * cross-site (`Sec-Fetch-Site`); `Origin: null` (a sandboxed frame, a redirect
 * from elsewhere) is foreign. Bearer-key API v1 calls and provider webhooks
 * carry no ambient credential and are exempt.
 */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
const EXEMPT_PREFIXES = ["/api/v1/", "/api/webhooks/"];

export type OriginCheckInput = {
  method: string;
  pathname: string;
  /** The request's headers: origin, sec-fetch-site, host, x-forwarded-host, x-forwarded-proto. */
  headers: Headers;
};

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

export function isExemptFromOriginCheck(pathname: string): boolean {
  return EXEMPT_PREFIXES.some((prefix) => pathname.startsWith(prefix) || pathname === prefix.slice(0, -1));
}

export function checkSameOrigin({ method, pathname, headers }: OriginCheckInput): OriginVerdict {
  if (SAFE_METHODS.has(method.toUpperCase()) || isExemptFromOriginCheck(pathname)) return { ok: true };
  const origin = headers.get("origin");
  if (origin === null) {
    const site = headers.get("sec-fetch-site");
    return site === null || site === "same-origin" || site === "none" ? { ok: true } : { ok: false, reason: `no Origin and Sec-Fetch-Site ${site}` };
  }
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return { ok: false, reason: "Origin is not a URL" };
  }
  // scripts/serve.ts keeps X-Forwarded-Host only from a trusted proxy, and sets X-Forwarded-Proto from the socket.
  const host = (headers.get("x-forwarded-host") ?? headers.get("host") ?? "").split(",")[0]!.trim().toLowerCase();
  if (!host || url.host.toLowerCase() !== host) return { ok: false, reason: "Origin names another host" };
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim();
  if (proto && url.protocol !== `${proto}:`) return { ok: false, reason: "Origin names another scheme" };
  return { ok: true };
}
