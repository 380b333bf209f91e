import { createHash, randomBytes } from "node:crypto";

/** A fresh secret for a session cookie or an API key. */
export function newToken(prefix = ""): string {
  return prefix + randomBytes(24).toString("base64url");
}

/** Long random secrets need no slow hash: SHA-256 makes a stolen table useless. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
