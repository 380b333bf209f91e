import { AppError, isAppError, isUnstorableText, type FieldError } from "@/lib/errors";
import { REQUEST_ID_HEADER } from "./request-id";
import { logger } from "@/lib/log/logger";

const TITLES: Record<string, string> = {
  invalid_request: "Invalid request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  approval_required: "Approval required",
  not_found: "Not found",
  method_not_allowed: "Method not allowed",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  amount_exceeds_refundable: "Amount exceeds refundable",
  refund_limit_reached: "Refund limit reached",
  rate_limited: "Too many attempts",
  provider_unavailable: "Provider unavailable",
  internal_error: "Internal error",
};

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  /** The request id (pos-api.md), also sent as the x-request-id header. */
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

/**
 * RFC 9457 problem details for an error; anything that is not an AppError is
 * logged and hidden. `instance` is the request id when the caller has one.
 */
export function problemFor(error: unknown, instance?: string): ProblemBody {
  if (isAppError(error)) {
    return {
      type: `https://till.dev/problems/${error.code}`,
      title: TITLES[error.code] ?? error.code,
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(instance === undefined ? {} : { instance }),
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extra,
    };
  }
  if (isUnstorableText(error)) {
    return problemFor(new AppError("invalid_request", "A text holds a character the database cannot store (U+0000): remove it and send again"), instance);
  }
  logger.error({ err: error, requestId: instance }, "unexpected error");
  return {
    type: "https://till.dev/problems/internal_error",
    title: TITLES.internal_error!,
    status: 500,
    code: "internal_error",
    detail: "Something went wrong on Till's side. Nothing was changed twice; try again.",
    ...(instance === undefined ? {} : { instance }),
  };
}

/** The headers an AppError asks for (e.g. `Allow` on a 405); none for anything else. */
export function errorHeaders(error: unknown): Record<string, string> {
  return isAppError(error) && error.headers ? error.headers : {};
}

/** A problem+json answer for an error, carrying the request id as `instance` and as the x-request-id header. */
export function problemResponse(error: unknown, requestId: string): Response {
  const body = problemFor(error, requestId);
  return new Response(JSON.stringify(body), {
    status: body.status,
    headers: { ...errorHeaders(error), "content-type": PROBLEM_CONTENT_TYPE, [REQUEST_ID_HEADER]: requestId },
  });
}

/**
 * A problem body written earlier (a replayed idempotent answer, a problem made
 * by lib/notifications) with `instance` set to this request's id; text that is
 * not a JSON object is returned as it is.
 */
export function withInstance(problemText: string, requestId: string): string {
  try {
    const body: unknown = JSON.parse(problemText);
    if (body === null || typeof body !== "object" || Array.isArray(body)) return problemText;
    return JSON.stringify({ ...body, instance: requestId });
  } catch {
    return problemText;
  }
}
