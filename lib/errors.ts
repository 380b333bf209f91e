/** Till's error codes (pos-api.md), each with its HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 422,
  unauthorized: 401,
  forbidden: 403,
  approval_required: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  amount_exceeds_refundable: 422,
  refund_limit_reached: 422,
  rate_limited: 429,
  provider_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldError = { path: string; message: string };

/**
 * An error that is safe to show: its message is written for the person who can
 * fix the problem. Anything else thrown is logged and shown as a generic error.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  /** Extra JSON merged into the problem body (e.g. the order on a cancel conflict). */
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; errors?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.errors = options.errors;
    this.extra = options.extra;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** True for a unique-constraint violation raised by Prisma (P2002). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}
