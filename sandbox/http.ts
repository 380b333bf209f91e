import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { jsonOf, readBodyText } from "./body";
import { ApiError } from "./errors";
import { log } from "./log";

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The body's exact text ("" for a GET), for signatures made over its bytes. */
  rawBody: string;
  /** The request's path and query as sent. */
  url: string;
}

export interface ApiResponse {
  status: number;
  contentType: string;
  /** Text is sent as UTF-8; bytes (a zip, a GBK file) as they are. */
  body: string | Buffer;
  headers?: Record<string, string>;
}

export interface Route {
  method: "GET" | "POST";
  /** Segments starting with `:` are parameters: `/v1/charges/:id`. */
  path: string;
  /** `merchant`: bearer key required; `/v1` routes also obey `unavailable_next_calls`. */
  access: "merchant" | "public";
  handler: (req: ApiRequest) => ApiResponse | Promise<ApiResponse>;
}

export interface Gate {
  authorized(header: string | undefined): boolean;
  /** True when a fault says this merchant API call must answer 503. */
  takeUnavailable(): boolean;
}

export const json = (status: number, value: unknown): ApiResponse => ({
  status,
  contentType: "application/json; charset=utf-8",
  body: JSON.stringify(value),
});

const errorResponse = (e: ApiError): ApiResponse => ({
  ...json(e.status, { error: { code: e.code, message: e.message } }),
  headers: e.headers,
});

function match(route: Route, segments: string[]): Record<string, string> | null {
  const pattern = route.path.split("/");
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const want = pattern[i]!;
    const got = segments[i]!;
    if (want.startsWith(":")) {
      if (got === "") return null;
      params[want.slice(1)] = got;
    } else if (want !== got) return null;
  }
  return params;
}

function decodeSegments(pathname: string): string[] | null {
  try {
    return pathname.split("/").map(decodeURIComponent);
  } catch {
    return null; // malformed %-escape: no route can match it
  }
}

async function dispatch(routes: Route[], gate: Gate, req: IncomingMessage): Promise<ApiResponse> {
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const segments = decodeSegments(url.pathname);
  const candidates = segments
    ? routes.flatMap((route) => {
        const params = match(route, segments);
        return params ? [{ route, params }] : [];
      })
    : [];
  if (candidates.length === 0) throw new ApiError(404, "not_found", `no such endpoint: ${url.pathname}`);
  const found = candidates.find((c) => c.route.method === req.method);
  if (!found) {
    const allow = [...new Set(candidates.map((c) => c.route.method))].join(", ");
    throw new ApiError(405, "method_not_allowed", `use ${allow} on ${url.pathname}`, { allow });
  }
  const { route, params } = found;
  if (route.access === "merchant") {
    if (!gate.authorized(req.headers.authorization)) {
      throw new ApiError(401, "unauthorized", "missing or wrong API key", {
        "www-authenticate": 'Bearer realm="sandbox-pay"',
      });
    }
    if (url.pathname.startsWith("/v1/") && gate.takeUnavailable()) {
      throw new ApiError(503, "unavailable", "Sandbox Pay is unavailable (simulated fault)", {
        "retry-after": "1",
      });
    }
  }
  const rawBody = route.method === "POST" ? await readBodyText(req) : "";
  // A form (Alipay's gateway) reads as its fields; anything else must be JSON.
  const form = /^application\/x-www-form-urlencoded\b/i.test(req.headers["content-type"] ?? "");
  const body = route.method !== "POST" ? undefined : form ? Object.fromEntries(new URLSearchParams(rawBody)) : jsonOf(rawBody);
  return route.handler({ params, query: url.searchParams, headers: req.headers, body, rawBody, url: req.url ?? "/" });
}

/** A node:http request listener that routes, authenticates and maps errors. */
export function createListener(routes: Route[], gate: Gate) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    res.on("close", () => {
      // The path only: a query can name a merchant_ref, and bodies and headers carry the customer's and the merchant's data.
      const path = (req.url ?? "").split("?")[0]!.slice(0, 300);
      log.info({ method: req.method, path, status: res.statusCode, durationMs: Math.round((performance.now() - started) * 10) / 10 }, "request");
    });
    void dispatch(routes, gate, req)
      .catch((e: unknown) => {
        if (e instanceof ApiError) return errorResponse(e);
        // Anything else is our bug: log it, never leak its message.
        log.error({ err: e }, "unexpected error");
        return errorResponse(new ApiError(500, "internal_error", "internal error"));
      })
      .then((out) => send(res, out))
      .catch((e: unknown) => log.error({ err: e }, "could not send a response"));
  };
}

function send(res: ServerResponse, out: ApiResponse): void {
  if (res.headersSent || res.destroyed) return;
  const body = typeof out.body === "string" ? Buffer.from(out.body, "utf8") : out.body;
  res.writeHead(out.status, {
    "content-type": out.contentType,
    "content-length": body.length,
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
    ...out.headers,
  });
  res.end(body);
}
