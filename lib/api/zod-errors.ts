import type { z } from "zod";
import type { FieldError } from "@/lib/errors";

/** zod issues as problem+json `errors` entries: a dotted path and a message. */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: [...base, key].join("."), message: "unknown field: remove it" }));
    }
    return [{ path: base.join("."), message: issue.message }];
  });
}
