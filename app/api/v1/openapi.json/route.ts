import { openApiDocument } from "@/lib/api/openapi";
import { otherMethods } from "@/lib/api/route-methods";

/**
 * The API description, built per request (well under a millisecond): a route
 * file that exports handlers for other methods, as this one does for its 405s,
 * is never prerendered by Next.js.
 */
export function GET(): Response {
  return Response.json(openApiDocument());
}

export const { POST, PUT, DELETE, PATCH, OPTIONS } = otherMethods("GET");
