/**
 * Reads a JSON answer through a zod schema. A body that does not have the
 * shape fails the test right there, with what is wrong and the body itself:
 * the parse is an assertion, and what comes back is typed.
 */
import { z } from "zod";

export function parseAs<T>(schema: z.ZodType<T>, value: unknown, what = "the body"): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const body = JSON.stringify(value) ?? String(value);
    throw new Error(`${what} does not have the expected shape:\n${z.prettifyError(result.error)}\nbody: ${body.slice(0, 2_000)}`);
  }
  return result.data;
}

/** Parses a text as JSON, then through the schema. */
export function parseJsonAs<T>(schema: z.ZodType<T>, text: string, what = "the body"): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error(`${what} is not JSON: ${text.slice(0, 400)}`);
  }
  return parseAs(schema, value, what);
}

/** The first element of a list; fails the test when the list is empty. */
export function firstOf<T>(list: readonly T[], what = "the list"): T {
  const [value] = list;
  if (value === undefined) throw new Error(`${what} is empty`);
  return value;
}
