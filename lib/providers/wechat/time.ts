/** WeChat Pay writes times in China Standard Time (UTC+08:00, no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;

/** `2026-11-28T20:05:00+08:00`: RFC 3339 in China time, whole seconds, as WeChat Pay writes `time_expire`. */
export function chinaRfc3339(date: Date): string {
  return `${new Date(date.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** An RFC 3339 time with an offset (`…+08:00`, `…Z`) as WeChat Pay answers it; null when it is not one. */
export function parseRfc3339(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** `2019-06-11 10:00:00` in China time (a bill's 交易时间) as an instant; null when it is not a real time. */
export function parseChinaLocalTime(text: string): Date | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(text);
  if (!m) return null;
  const date = new Date(`${m[1]}T${m[2]}+08:00`);
  if (Number.isNaN(date.getTime())) return null;
  // Reject 2019-02-30 and the like, which Date would roll over.
  return new Date(date.getTime() + CST_OFFSET_MS).toISOString().slice(0, 19).replace("T", " ") === text ? date : null;
}

/** The China calendar day `YYYY-MM-DD` as the half-open span of instants it covers; null when it is not a real day. */
export function chinaDayPeriod(day: string): { start: Date; end: Date } | null {
  const start = parseChinaLocalTime(`${day} 00:00:00`);
  return start ? { start, end: new Date(start.getTime() + 86_400_000) } : null;
}
