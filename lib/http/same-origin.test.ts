/**
 * Cross-site refusal and page security headers, through proxy.ts itself (the
 * function Next.js runs before any page, server action or route handler).
 */
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { checkSameOrigin } from "./same-origin";
import { pageCsp } from "./security-headers";

const TILL = "http://till.test";
const post = (path: string, headers: Record<string, string>) => new Request(`${TILL}${path}`, { method: "POST", headers: { host: "till.test", ...headers } });

describe("checkSameOrigin", () => {
  const verdict = (method: string, pathname: string, headers: Record<string, string>) => checkSameOrigin({ method, pathname, headers: new Headers({ host: "till.test", ...headers }) });

  it("lets Till's own pages change things", () => {
    expect(verdict("POST", "/sale", { origin: TILL })).toEqual({ ok: true });
    expect(verdict("POST", "/admin/keys", { origin: TILL, "x-forwarded-proto": "http" })).toEqual({ ok: true });
  });

  it("refuses another site, another port, another scheme and the opaque origin", () => {
    for (const origin of ["http://evil.test", "http://till.test:8080", "https://till.test", "null", "not a url"]) {
      expect(verdict("POST", "/admin/keys", { origin, "x-forwarded-proto": "http" }).ok, origin).toBe(false);
    }
  });

  it("without an Origin, refuses what the browser says is cross-site and lets the rest through", () => {
    expect(verdict("POST", "/sale", { "sec-fetch-site": "cross-site" }).ok).toBe(false);
    expect(verdict("POST", "/sale", { "sec-fetch-site": "same-site" }).ok).toBe(false);
    expect(verdict("POST", "/sale", { "sec-fetch-site": "same-origin" }).ok).toBe(true);
    expect(verdict("POST", "/sale", {}).ok).toBe(true);
  });

  it("leaves reads, webhooks and the bearer-key API alone", () => {
    expect(verdict("GET", "/admin/audit", { origin: "http://evil.test" }).ok).toBe(true);
    expect(verdict("POST", "/api/webhooks/sandbox", { origin: "http://evil.test" }).ok).toBe(true);
    expect(verdict("POST", "/api/v1/orders", { origin: "http://evil.test" }).ok).toBe(true);
  });

  it("follows the host a trusted proxy forwarded", () => {
    expect(verdict("POST", "/sale", { origin: "https://shop.example", "x-forwarded-host": "shop.example", "x-forwarded-proto": "https" }).ok).toBe(true);
  });
});

describe("proxy.ts: cross-site requests", () => {
  it("answers a server action posted from another site 403 problem+json, before any page code runs", async () => {
    const answer = proxy(post("/admin/keys", { origin: "http://evil.test", "next-action": "abc123", "x-request-id": "csrf-1" }));
    expect(answer?.status).toBe(403);
    expect(answer?.headers.get("content-type")).toBe("application/problem+json");
    expect(await answer?.json()).toMatchObject({ code: "forbidden", instance: "csrf-1" });
  });

  it("lets the same server action through from Till's own page", () => {
    const answer = proxy(post("/admin/keys", { origin: TILL, "next-action": "abc123" }));
    expect(answer?.status ?? 200).not.toBe(403);
  });

  it("never refuses a provider's notification or an API client, whatever Origin they send", () => {
    expect(proxy(post("/api/webhooks/sandbox", { origin: "http://evil.test" }))).toBeUndefined();
    expect(proxy(post("/api/v1/orders", { origin: "http://evil.test" }))).toBeUndefined();
  });
});

describe("proxy.ts: a page's Content-Security-Policy", () => {
  const cspOf = (path: string) => proxy(new Request(`${TILL}${path}`, { headers: { host: "till.test" } }))?.headers.get("content-security-policy") ?? "";

  it("carries a fresh script nonce on every page, no unsafe-eval, and forbids framing", () => {
    const first = cspOf("/sale");
    const second = cspOf("/sale");
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(first)?.[1];
    expect(nonce).toBeTruthy();
    expect(second).not.toContain(nonce);
    expect(first).not.toContain("unsafe-eval");
    expect(first).toContain("frame-ancestors 'none'");
    expect(first).toContain("object-src 'none'");
    expect(first).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'(;|$)/);
  });

  it("allows eval only under next dev", () => {
    expect(pageCsp("n", { dev: true })).toContain("'unsafe-eval'");
    expect(pageCsp("n")).not.toContain("unsafe-eval");
  });
});
