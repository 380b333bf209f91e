import type { MessageKey } from "@/lib/i18n/messages";

const BY_CODE: Record<string, MessageKey> = {
  provider_unavailable: "errProviderUnavailable",
  unauthorized: "errSignedOut",
  forbidden: "ownerOnly",
  rate_limited: "errTooMany",
  internal_error: "genericError",
  not_found: "errNotFound",
};

/**
 * What a screen says for a failed action, in the screen's language. Server
 * messages are written in English for API callers; the cashier gets a
 * translated sentence for every code, and the server's own words only for
 * input errors, which name the field to fix.
 */
export function errorText(t: (key: MessageKey) => string, result: { code: string; message: string }, conflictKey: MessageKey = "errConflict"): string {
  if (result.code === "conflict") return t(conflictKey);
  const key = BY_CODE[result.code];
  return key ? t(key) : result.message;
}
