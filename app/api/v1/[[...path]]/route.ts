import { unknownPath } from "@/lib/api/route-methods";

/**
 * Every /api/v1 path that no other route file serves (Next.js matches a
 * catch-all last): a problem+json 404 for any method, instead of the HTML
 * not-found page of the screens.
 */
export const { GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS } = unknownPath();
