import { AppError } from "@/lib/errors";
import { problemResponse } from "./problem";
import { requestIdOf } from "./request-id";

/**
 * A 400 problem for a request whose path is not valid percent-encoded UTF-8
 * (`/api/v1/orders/%E0%A4%A`), or undefined to let the request through.
 *
 * Next.js decodes a dynamic segment while it matches routes, before any route
 * handler runs; a malformed one throws there, Next.js tries to render its own
 * 400 page, which an API-only route tree does not have, and answers a plain
 * `500 Internal Server Error`. So this check runs in the proxy (proxy.ts),
 * which Next.js runs before it matches routes.
 *
 * 400, not 404: the path cannot be read at all, so it names no resource; a 404
 * would tell the client that a well-formed id does not exist and hide the bug
 * in its URL encoding.
 */
export function malformedPathAnswer(request: Request): Response | undefined {
  const pathname = new URL(request.url).pathname;
  try {
    decodeURIComponent(pathname);
    return undefined;
  } catch {
    return problemResponse(
      new AppError("invalid_request", "The path is not valid percent-encoded UTF-8", { status: 400 }),
      requestIdOf(request.headers),
    );
  }
}
