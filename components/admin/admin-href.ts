/** An admin page's address with its filters; empty values are left out, and any change of filter starts again at the first page. */
export function adminHref(path: string, filters: Record<string, string | undefined>, change: Record<string, string | undefined> = {}): string {
  const merged: Record<string, string | undefined> = { ...filters, cursor: undefined, ...change };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
