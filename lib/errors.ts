/** Till's error codes (pos-api.md), each with its HTTP status. */
export const ERROR_STATUS = {
  invalid_request: 422,
  unauthorized: 401,
  forbidden: 403,
  approval_required: 403,
  not_found: 404,
  method_not_allowed: 405,
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
 * Till's errors are recognised by a brand registered with `Symbol.for`, never
 * by `instanceof`: Next.js bundles `instrumentation.ts` and every route as
 * separate module graphs, so an error thrown by an object built in one graph
 * (the server context, a provider adapter) is not an instance of the "same"
 * class imported in another. `Symbol.for` returns one symbol per process.
 */
export const ERROR_BRAND: unique symbol = Symbol.for("till.error-brand");

export type ErrorBrand = "app" | "provider" | "notification_rejected";

/** The brand of a Till error from any module graph, or null for anything else. */
export function errorBrand(error: unknown): ErrorBrand | null {
  if (typeof error !== "object" || error === null) return null;
  const brand = (error as { [ERROR_BRAND]?: unknown })[ERROR_BRAND];
  return brand === "app" || brand === "provider" || brand === "notification_rejected" ? brand : null;
}

/**
 * An error that is safe to show: its message is written for the person who can
 * fix the problem. Anything else thrown is logged and shown as a generic error.
 */
export class AppError extends Error {
  readonly [ERROR_BRAND] = "app" as const;
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors?: FieldError[];
  /** Extra JSON merged into the problem body (e.g. the order on a cancel conflict). */
  readonly extra?: Record<string, unknown>;
  /** Extra response headers (e.g. `Allow` on a 405). */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { status?: number; errors?: FieldError[]; extra?: Record<string, unknown>; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = options.status ?? ERROR_STATUS[code];
    this.errors = options.errors;
    this.extra = options.extra;
    this.headers = options.headers;
  }
}

/** True for an AppError thrown from any module graph. */
export function isAppError(error: unknown): error is AppError {
  return errorBrand(error) === "app";
}

/** True for a unique-constraint violation raised by Prisma (P2002), recognised by its code. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002";
}

/**
 * True when the database refused a text because of a character it cannot
 * store: PostgreSQL's text holds no U+0000 (SQLite's does). Input, not Till's
 * fault, so it is answered as such.
 */
export function isUnstorableText(error: unknown): boolean {
  const cause = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } } | null)?.meta?.driverAdapterError?.cause;
  return cause?.originalCode === "22021";
}

/**
 * True when PostgreSQL aborted a transaction because it lost a race: a
 * deadlock (40P01) or a serialization failure (40001). Nothing of it was
 * written, so the whole transaction can run again. Read by shape, not class:
 * errors lose their class across Next's module graphs (STACK.md).
 */
export function isWriteConflict(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } } };
  // P2034 from Prisma's client; 40P01 (deadlock) and 40001 (serialization failure) from pg itself on the SQL path (lib/db/sql-tx.ts).
  if (code === "P2034" || code === "40P01" || code === "40001") return true;
  const cause = meta?.driverAdapterError?.cause;
  return cause?.kind === "TransactionWriteConflict" || cause?.originalCode === "40P01" || cause?.originalCode === "40001";
}
