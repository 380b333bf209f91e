import type { z } from "zod";

/** An error the client caused or must know about; rendered as `{"error":{code,message}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);

/** 422 with every zod issue spelled out, so a client sees all its mistakes at once. */
export function invalidRequest(error: z.ZodError): ApiError {
  const message = error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
    .join("; ");
  return new ApiError(422, "invalid_request", message);
}

/** Parse with zod; failures become 422 invalid_request. */
export function parseBody<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidRequest(result.error);
  return result.data;
}
