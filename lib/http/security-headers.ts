/**
 * The Content-Security-Policy of Till's pages. Next.js renders every page on
 * request (the root layout reads the locale cookie), so each response gets a
 * fresh script nonce: Next.js reads it from the request's CSP header and puts
 * it on its own scripts, and `'strict-dynamic'` lets those load their chunks.
 * No `'unsafe-eval'` (production React and Next.js use no eval; `next dev`
 * does, so it is allowed there only). Styles allow inline attributes: Radix and
 * React set `style=""` on elements, which a nonce cannot cover.
 */
export function pageCsp(nonce: string, { dev = false }: { dev?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** For answers that are not pages (JSON, SVG, event streams): nothing may run or frame them. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Sent with every answer, pages and API alike (next.config.ts). */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  // The camera is the receipt scanner's; nothing else is used.
  { key: "Permissions-Policy", value: "camera=(self), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** A fresh nonce for one response: 128 random bits. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Buffer.from(bytes).toString("base64");
}

/** The request header proxy.ts sets to the page asked for, so that a server component knows where to come back after a PIN. */
export const PATH_HEADER = "x-till-path";
