import { openApiDocument } from "@/lib/api/openapi";
import { problemResponse } from "@/lib/api/problem";
import { REQUEST_ID_HEADER, requestIdOf } from "@/lib/api/request-id";
import { otherMethods } from "@/lib/api/route-methods";
import { AppError } from "@/lib/errors";

/**
 * The API description, served without a key and built per request (well under
 * a millisecond): a route file that exports handlers for other methods, as
 * this one does for its 405s, is never prerendered by Next.js. Like every API
 * route without a query schema, it takes no query parameters.
 */
export function GET(request: Request): Response {
  const requestId = requestIdOf(request.headers);
  const names = [...new URL(request.url).searchParams.keys()];
  if (names.length > 0) {
    const errors = names.map((path) => ({ path, message: "unknown query parameter: remove it" }));
    return problemResponse(new AppError("invalid_request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors }), requestId);
  }
  return Response.json(openApiDocument(), { headers: { [REQUEST_ID_HEADER]: requestId } });
}

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
