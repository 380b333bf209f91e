import type { ProviderEvent } from "@/lib/providers/types";

const DATE_FIELDS = new Set(["paidAt", "settledAt"]);

/** A provider event as stored in the inbox, and back (with its dates revived). */
export function eventToJson(event: ProviderEvent): string {
  return JSON.stringify(event);
}

export function eventFromJson(json: string): ProviderEvent {
  return JSON.parse(json, (key, value: unknown) => (DATE_FIELDS.has(key) && typeof value === "string" ? new Date(value) : value)) as ProviderEvent;
}
