import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors";

/** One field that broke the schema: a dotted path into the request and what is wrong with it. */
export const FieldErrorSchema = z.object({
  path: z.string().describe("dotted path into the request, e.g. `items.0.quantity`; empty for the whole body"),
  message: z.string(),
});

/** Every code an API v1 answer can carry: the domain's codes and the generic one for an unexpected failure. */
export const PROBLEM_CODES = [...(Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[]), "internal_error"] as const;

/**
 * RFC 9457 problem details, the body of every error answer (pos-api.md).
 * Loose on purpose: a problem may carry more members, e.g. a cancel refused
 * because the customer already paid carries the order.
 */
export const ProblemSchema = z.looseObject({
  type: z.string().describe("a URI naming the kind of problem"),
  title: z.string(),
  status: z.int().min(400).max(599).describe("the HTTP status of the answer"),
  code: z.enum(PROBLEM_CODES),
  detail: z.string().describe("what went wrong, for the person who can fix it"),
  instance: z.string().min(1).max(64).describe("the request id, also sent as the `x-request-id` header"),
  errors: z.array(FieldErrorSchema).optional().describe("present when the request broke its schema"),
});

export type ProblemResponse = z.infer<typeof ProblemSchema>;
