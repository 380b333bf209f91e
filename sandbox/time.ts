/** RFC 3339 UTC in whole seconds, as the protocol writes times: `2026-11-22T08:15:00Z`. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

export function rfc3339OrNull(ms: number | null): string | null {
  return ms === null ? null : rfc3339(ms);
}

export const DAY_MS = 86_400_000;
