/**
 * A path that is not valid percent-encoding never reaches a route handler in
 * production: Next.js fails on it while matching routes (a plain 500). The
 * proxy answers it first; these tests hold its two halves: the answer, and the
 * matcher that decides which requests run the proxy at all (compiled by
 * Next.js's own function, as `next build` does).
 */
import * as pageStaticInfo from "next/dist/build/analysis/get-page-static-info";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";
import { malformedPathAnswer } from "@/lib/api/malformed-path";

/** Next.js's compiler of proxy matchers, whose output `next build` writes to its manifest (absent from Next's type declarations). */
const { getMiddlewareMatchers } = pageStaticInfo as unknown as { getMiddlewareMatchers: (matcher: unknown, nextConfig: object) => { regexp: string }[] };

const MALFORMED = [
  "/api/v1/orders/%E0%A4%A",
  "/api/v1/orders/%E0%A4%A/cancel",
  "/api/v1/orders/%ZZ",
  "/api/v1/orders/%",
  "/api/v1/orders/%E0/%A4",
  "/api/v1/%C0%AF",
  "/api/v1/%FF",
  "/api/webhooks/%E0%A4%A",
  "/api/terminal/orders/%D8/events",
];
const WELL_FORMED = ["/api/v1/orders", "/api/v1/orders/T1%2D000001", "/api/v1/orders/%E8%AE%A2%E5%8D%95", "/api/v1/orders/%2F", "/api/webhooks/sandbox"];

const at = (path: string, headers: Record<string, string> = {}) => new Request(`http://till.test${path}`, { headers });

describe("malformedPathAnswer", () => {
  it.each(MALFORMED)("%s → 400 invalid_request problem+json carrying the request id", async (path) => {
    const answer = malformedPathAnswer(at(path, { "x-request-id": "probe-1" }));
    expect(answer?.status).toBe(400);
    expect(answer?.headers.get("content-type")).toBe("application/problem+json");
    expect(answer?.headers.get("x-request-id")).toBe("probe-1");
    expect(await answer?.json()).toMatchObject({ status: 400, code: "invalid_request", instance: "probe-1", type: "https://till.dev/problems/invalid_request" });
  });

  it("the path really is malformed: the Request keeps it as sent", () => {
    for (const path of MALFORMED) expect(() => decodeURIComponent(new URL(at(path).url).pathname), path).toThrow(URIError);
  });

  it.each(WELL_FORMED)("%s goes on to the routes", (path) => {
    expect(malformedPathAnswer(at(path))).toBeUndefined();
  });
});

describe("proxy.ts", () => {
  const matchers = getMiddlewareMatchers(config.matcher, {}).map((m) => new RegExp(m.regexp));
  const runsFor = (path: string) => matchers.some((m) => m.test(path));

  it("runs for every malformed API path", () => {
    for (const path of MALFORMED) expect(runsFor(path), path).toBe(true);
  });

  it("does not run for the app shell's files, which a signed-out browser fetches", () => {
    for (const path of ["/manifest.webmanifest", "/favicon.ico", "/icon.svg", "/apple-icon.png", "/icons/icon-192.png", "/icons/icon-512.png"]) expect(runsFor(path), path).toBe(false);
  });

  it("does not run for bearer-key API or webhook paths without a percent sign", () => {
    for (const path of ["/api/v1/orders", "/api/v1/orders/T1-000001/cancel", "/api/webhooks/sandbox"]) expect(runsFor(path), path).toBe(false);
  });

  it("runs for the screens (their Content-Security-Policy and the cross-site check) but leaves a malformed screen path to Next.js", () => {
    for (const path of ["/sale", "/admin/keys", "/orders/%E0%A4%A"]) expect(runsFor(path), path).toBe(true);
    expect(proxy(at("/orders/%E0%A4%A"))?.status).not.toBe(400);
  });

  it("answers a malformed path and lets a well-formed one through", () => {
    expect(proxy(at("/api/v1/orders/%E0%A4%A"))?.status).toBe(400);
    expect(proxy(at("/api/v1/orders/T1%2D000001"))).toBeUndefined();
  });
});
