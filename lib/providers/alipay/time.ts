/**
 * The Alipay gateway writes times as `yyyy-MM-dd HH:mm:ss` in China Standard
 * Time (UTC+8, no daylight saving), without a zone.
 */
const CST_MS = 8 * 3_600_000;
const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** An instant as the gateway writes it (the second it falls in). */
export function toChinaTime(at: Date): string {
  return new Date(at.getTime() + CST_MS).toISOString().slice(0, 19).replace("T", " ");
}

/** A gateway time → the instant; null when it is not a real `yyyy-MM-dd HH:mm:ss`. */
export function fromChinaTime(text: string): Date | null {
  const m = WALL_TIME.exec(text);
  if (!m) return null;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])) - CST_MS);
  return toChinaTime(at) === text ? at : null;
}
