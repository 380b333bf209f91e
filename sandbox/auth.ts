import { createHash, timingSafeEqual } from "node:crypto";

const digest = (s: string) => createHash("sha256").update(s).digest();

/** `Authorization: Bearer <key>` (scheme case-insensitive, RFC 9110), compared in constant time (hashes have equal length). */
export function bearerMatches(header: string | undefined, apiKey: string): boolean {
  const m = /^Bearer +(\S+)$/i.exec(header ?? "");
  return m !== null && timingSafeEqual(digest(m[1]!), digest(apiKey));
}
