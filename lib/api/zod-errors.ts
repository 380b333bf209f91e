import type { z } from "zod";
import type { FieldError } from "@/lib/errors";

/** zod issues as problem+json `errors` entries: a dotted path and a message. */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join("."), message: issue.message }));
}
