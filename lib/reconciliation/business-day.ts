import { DAY_MS, utcDayStart } from "./statement-importer";

/** How far a time zone's wall clock is ahead of UTC at an instant, in ms (whole seconds). */
function zoneOffsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" }).formatToParts(new Date(instant));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day begins on the wall clocks of a time zone. */
function zonedMidnight(dayStartUtc: number, timeZone: string): number {
  const first = dayStartUtc - zoneOffsetMs(dayStartUtc, timeZone);
  // Once more at the guess, for a zone whose offset changed between the two.
  return dayStartUtc - zoneOffsetMs(first, timeZone);
}

/**
 * A store's business day: `day` (YYYY-MM-DD) on the wall clocks of its time
 * zone, as the half-open span [start, end) of UTC instants. A shop in
 * Asia/Shanghai closes 2026-11-22 at 2026-11-22T16:00:00Z. Null for a day that
 * does not exist.
 */
export function businessDay(day: string, timeZone: string): { start: Date; end: Date } | null {
  const utc = utcDayStart(day);
  if (!utc) return null;
  return { start: new Date(zonedMidnight(utc.getTime(), timeZone)), end: new Date(zonedMidnight(utc.getTime() + DAY_MS, timeZone)) };
}
