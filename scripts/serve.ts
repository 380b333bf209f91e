/**
 * Till's production HTTP server (`npm start` runs it in place of `next start`).
 *
 * Next.js's own server keeps a client's `X-Forwarded-For` and
 * `X-Forwarded-Proto` as sent and fills them from the socket only when they
 * are missing, and route handlers and server actions cannot see the socket.
 * So anyone could name any address for the sign-in rate limit. This server
 * sees the socket: for every request it overwrites both headers with who is
 * really asking and whether the connection is TLS, as decided by
 * `resolveClient` (lib/http/client-address.ts) — the peer itself, unless the
 * peer is listed in TILL_TRUSTED_PROXIES. Downstream code (`clientAddress()`,
 * the session cookie's `Secure` flag) can then read the headers as facts.
 */
import { createServer, type Server } from "node:http";
import type { TLSSocket } from "node:tls";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import next from "next";
import { problemFor, PROBLEM_CONTENT_TYPE } from "@/lib/api/problem";
import { REQUEST_ID_HEADER, requestIdFrom } from "@/lib/api/request-id";
import { parseEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { resolveClient } from "@/lib/http/client-address";
import { openSubscriptions } from "@/lib/server-context";

// Headers only a proxy may set; from anyone else they are dropped so that Next
// fills them from the request itself.
const PROXY_ONLY_HEADERS = ["x-forwarded-host", "x-forwarded-port", "x-real-ip", "forwarded"];

// The methods Next.js can turn into a Request; any other (TRACE, CONNECT, …) makes it fail with a 500
// before a proxy or route runs, so it is answered here.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

async function main() {
  const env = parseEnv();
  const app = next({ dev: false, dir: process.cwd(), port: env.PORT });
  const handle = app.getRequestHandler();
  await app.prepare();

  const server = createServer((req, res) => {
    // One request id, decided here and handed on: the routes echo it (x-request-id, a problem's
    // instance), and the request's log line carries the same one.
    const given = req.headers[REQUEST_ID_HEADER];
    const requestId = requestIdFrom(Array.isArray(given) ? given[0] : given);
    req.headers[REQUEST_ID_HEADER] = requestId;
    const started = performance.now();
    res.on("close", () => {
      // The path without its query (a cursor or a filter is nobody's business in a log); never a body or a header.
      const path = (req.url ?? "").split("?")[0]!.slice(0, 300);
      logger.info({ requestId, method: req.method, path, status: res.statusCode, durationMs: Math.round((performance.now() - started) * 10) / 10 }, "request");
    });
    if (!METHODS.has(req.method ?? "")) {
      const error = new AppError("method_not_allowed", `Till does not answer ${String(req.method).slice(0, 20)} requests`);
      res.writeHead(405, { "content-type": PROBLEM_CONTENT_TYPE, allow: [...METHODS].join(", "), [REQUEST_ID_HEADER]: requestId });
      res.end(JSON.stringify(problemFor(error, requestId)));
      return;
    }
    const { address, proto, viaTrustedProxy } = resolveClient({
      socketAddress: req.socket.remoteAddress,
      encrypted: (req.socket as TLSSocket).encrypted === true,
      forwardedFor: req.headers["x-forwarded-for"],
      forwardedProto: req.headers["x-forwarded-proto"],
      trustedProxies: env.TILL_TRUSTED_PROXIES,
    });
    if (env.TILL_DEBUG_METRICS && req.method === "GET" && req.url?.split("?")[0] === DEBUG_METRICS_PATH && isLoopback(req.socket.remoteAddress)) {
      void debugMetrics(server, req.url.endsWith("?gc=1")).then((metrics) => res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" }).end(JSON.stringify(metrics)));
      return;
    }
    if (!viaTrustedProxy) for (const name of PROXY_ONLY_HEADERS) delete req.headers[name];
    req.headers["x-forwarded-for"] = address;
    req.headers["x-forwarded-proto"] = proto;
    handle(req, res).catch((error: unknown) => {
      logger.error({ err: error, requestId }, "request failed outside Till's handlers");
      if (!res.headersSent) res.writeHead(500).end("Internal Server Error");
      else res.destroy();
    });
  });
  server.on("error", (error) => {
    logger.fatal({ err: error }, "Till could not listen");
    process.exit(1);
  });
  // No host: every interface, as `next start` does, so a tablet on the shop's network can reach the till.
  server.listen(env.PORT, () => {
    const proxies = env.TILL_TRUSTED_PROXIES.length ? `trusting X-Forwarded-For from ${env.TILL_TRUSTED_PROXIES.join(", ")}` : "no trusted proxy";
    logger.info({ port: env.PORT }, `Till ready on port ${env.PORT} (${proxies})`);
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    server.close();
    // Open event streams would hold close() forever; the database rolls back any unfinished transaction.
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
    void app.close().finally(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

const DEBUG_METRICS_PATH = "/_debug/metrics";

/** V8's collector, reached without a command-line flag: only ever called for the debug metrics. */
function fullGc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const isLoopback = (address: string | undefined) => address === "127.0.0.1" || address === "::1" || address === "::ffff:127.0.0.1";

/**
 * What the soak test watches (only with TILL_DEBUG_METRICS on, only from this machine): the process's
 * memory, its open HTTP connections (this request's included) and the bus's open subscriptions (one per live screen).
 * With `?gc=1`, a full garbage collection runs first, so that memory still held can be told from garbage not yet collected.
 */
async function debugMetrics(server: Server, collect: boolean) {
  if (collect) fullGc();
  const connections = await new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? -1 : count)));
  const { rss, heapUsed } = process.memoryUsage();
  return { rss_bytes: rss, heap_used_bytes: heapUsed, open_connections: connections, bus_listeners: await openSubscriptions() };
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "Till could not start");
  process.exit(1);
});
