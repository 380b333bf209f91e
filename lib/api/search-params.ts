import { AppError } from "@/lib/errors";

/**
 * A URL's query as one string per name, for a strict zod schema to check.
 *
 * A name given twice is refused (422 naming it) rather than resolved: which of
 * `?type=a&type=b` a client meant is a guess, and taking the first or the last
 * would answer a question the client did not ask. The values go into a Map
 * first, so that a name such as `__proto__` becomes an ordinary (unknown) key
 * of the result instead of being swallowed by a plain object.
 */
export function searchParamsObject(url: URL): Record<string, string> {
  const values = new Map<string, string>();
  const repeated = new Set<string>();
  for (const [name, value] of url.searchParams) {
    if (values.has(name)) repeated.add(name);
    else values.set(name, value);
  }
  if (repeated.size > 0) {
    const errors = [...repeated].map((name) => ({ path: name, message: "given more than once: give it once" }));
    throw new AppError("invalid_request", errors.map((e) => `${e.path}: ${e.message}`).join("; "), { errors });
  }
  return Object.fromEntries(values);
}
