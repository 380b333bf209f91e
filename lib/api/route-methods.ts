import { AppError } from "@/lib/errors";
import { problemResponse } from "./problem";
import { REQUEST_ID_HEADER, requestIdOf } from "./request-id";

/** Every method a Next.js route file can export a handler for. */
export type RouteMethod = "GET" | "HEAD" | "POST" | "PUT" | "DELETE" | "PATCH" | "OPTIONS";
type Handler = (request: Request) => Response;

/**
 * Handlers for the methods a route does not implement, to export next to the
 * ones it does: `export const { PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET", "POST");`
 *
 * Left to Next.js, a method a route file does not export is an empty 405
 * without `Allow`, and its automatic OPTIONS lists every exported function, so
 * exporting 405 handlers alone would advertise them as allowed. Hence OPTIONS
 * here too: 204 with the same `Allow` as the 405s. HEAD is allowed wherever GET
 * is (Next.js answers it with the GET handler, without the body).
 */
export function otherMethods(...implemented: ("GET" | "POST")[]): Record<RouteMethod, Handler> {
  const allow = [...implemented, ...(implemented.includes("GET") ? ["HEAD"] : []), "OPTIONS"].sort().join(", ");
  const notAllowed: Handler = (request) =>
    problemResponse(
      new AppError("method_not_allowed", `${request.method} is not allowed here; allowed: ${allow}`, { headers: { allow } }),
      requestIdOf(request.headers),
    );
  const options: Handler = (request) => new Response(null, { status: 204, headers: { allow, [REQUEST_ID_HEADER]: requestIdOf(request.headers) } });
  return { GET: notAllowed, HEAD: notAllowed, POST: notAllowed, PUT: notAllowed, DELETE: notAllowed, PATCH: notAllowed, OPTIONS: options };
}

/** Handlers for a path that is no API route at all: 404 not_found for every method. */
export function unknownPath(): Record<RouteMethod, Handler> {
  const notFound: Handler = (request) =>
    problemResponse(new AppError("not_found", `No API path ${new URL(request.url).pathname}; see /api/v1/openapi.json`), requestIdOf(request.headers));
  return { GET: notFound, HEAD: notFound, POST: notFound, PUT: notFound, DELETE: notFound, PATCH: notFound, OPTIONS: notFound };
}
