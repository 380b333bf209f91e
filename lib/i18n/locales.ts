export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = "till_locale";

/** zh-CN when the browser prefers any Chinese, else English; a saved choice wins. */
export function pickLocale(saved: string | undefined, acceptLanguage: string | null): Locale {
  if (saved === "zh-CN" || saved === "en") return saved;
  const first = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", q] = part.trim().split(";q=");
      return { tag: tag.toLowerCase(), q: q ? Number(q) : 1 };
    })
    .filter((l) => l.tag && l.tag !== "*")
    .sort((a, b) => b.q - a.q)[0];
  if (!first) return "zh-CN";
  return first.tag.startsWith("zh") ? "zh-CN" : "en";
}
