import { isAppError, type FieldError } from "@/lib/errors";

const TITLES: Record<string, string> = {
  invalid_request: "Invalid request",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  approval_required: "Approval required",
  not_found: "Not found",
  conflict: "Conflict",
  payload_too_large: "Payload too large",
  amount_exceeds_refundable: "Amount exceeds refundable",
  refund_limit_reached: "Refund limit reached",
  rate_limited: "Too many attempts",
  provider_unavailable: "Provider unavailable",
  internal_error: "Internal error",
};

export type ProblemBody = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
};

/** RFC 9457 problem details for an error; anything that is not an AppError is logged and hidden. */
export function problemFor(error: unknown): ProblemBody {
  if (isAppError(error)) {
    return {
      type: `https://till.dev/problems/${error.code}`,
      title: TITLES[error.code] ?? error.code,
      status: error.status,
      code: error.code,
      detail: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...error.extra,
    };
  }
  console.error("Unexpected error:", error);
  return {
    type: "https://till.dev/problems/internal_error",
    title: TITLES.internal_error!,
    status: 500,
    code: "internal_error",
    detail: "Something went wrong on Till's side. Nothing was changed twice; try again.",
  };
}

export function problemResponse(error: unknown): Response {
  const body = problemFor(error);
  return Response.json(body, { status: body.status, headers: { "content-type": "application/problem+json" } });
}
