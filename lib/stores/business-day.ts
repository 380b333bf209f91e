/**
 * A store's business day is the calendar day of its own time zone
 * (`Store.timeZone`), not the server's and not UTC: a shop in Shanghai closes
 * its day at midnight in Shanghai, which is 16:00 UTC the day before.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2026-02-31 is not one). */
export function isCalendarDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields of an instant in a time zone. */
function wallClock(at: Date, timeZone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second) };
}

/** How far the zone's clock is ahead of UTC at an instant, in milliseconds (Shanghai: +8 h). */
function offsetAt(at: Date, timeZone: string): number {
  const w = wallClock(at, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The store's calendar day (YYYY-MM-DD) at an instant. */
export function businessDayOf(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  return `${String(w.year).padStart(4, "0")}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

/** The first instant of a calendar day in a zone: its local midnight (or the first moment after it, when a clock change skips midnight). */
function startOf(day: string, timeZone: string): Date {
  const match = DAY.exec(day)!;
  const midnight = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  // Two passes: the offset at "midnight read as UTC" can differ from the offset at the real local midnight across a clock change.
  let at = midnight - offsetAt(new Date(midnight), timeZone);
  at = midnight - offsetAt(new Date(at), timeZone);
  // A day whose midnight a clock change skipped starts at the change itself.
  // (the offset before the change, applied to midnight, lands on the change).
  if (businessDayOf(new Date(at), timeZone) !== day) at = midnight - offsetAt(new Date(at), timeZone);
  return new Date(at);
}

/** The day after a calendar day, YYYY-MM-DD. */
export function nextDay(day: string): string {
  const match = DAY.exec(day)!;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + 1)).toISOString().slice(0, 10);
}

/** The day before a calendar day, YYYY-MM-DD. */
export function previousDay(day: string): string {
  const match = DAY.exec(day)!;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]) - 1)).toISOString().slice(0, 10);
}

/**
 * A business day as the half-open range of instants [start, end) it covers:
 * 24 hours on most days, 23 or 25 on the days a zone's clocks change.
 */
export function businessDayRange(day: string, timeZone: string): { start: Date; end: Date } {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  return { start: startOf(day, timeZone), end: startOf(nextDay(day), timeZone) };
}

/**
 * An instant as the store's wall clock shows it, with the zone's offset, to
 * the second: 2026-11-28T09:15:03+08:00 (RFC 3339, so a spreadsheet or a
 * program reads the same instant back).
 */
export function zonedTimestamp(at: Date, timeZone: string): string {
  const w = wallClock(at, timeZone);
  const offset = Math.round(offsetAt(at, timeZone) / 60_000);
  const pad = (n: number, width = 2) => String(n).padStart(width, "0");
  const zone = `${offset < 0 ? "-" : "+"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${zone}`;
}
