import { malformedPathAnswer } from "@/lib/api/malformed-path";

/**
 * Runs before Next.js matches routes. Its one job: answer a path that is not
 * valid percent-encoding with a problem+json 400, because Next.js would fail on
 * it while decoding a dynamic segment and answer a plain 500
 * (lib/api/malformed-path.ts). Everything else goes on untouched.
 */
export function proxy(request: Request): Response | undefined {
  return malformedPathAnswer(request);
}

export const config = {
  // Only API paths holding a "%": a path without one cannot be malformed, and
  // running the proxy costs every request it matches.
  matcher: "/api/:rest(.*%.*)",
};
