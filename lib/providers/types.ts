import { ERROR_BRAND, errorBrand } from "@/lib/errors";

/**
 * The payment-provider port. Shaped so that WeChat Pay, Alipay, Pix and Stripe
 * fit behind it, not only Sandbox Pay: nothing outside lib/providers/<kind>
 * knows a provider's URLs, field names or signature scheme.
 */

export type ProviderChargeStatus = "pending" | "succeeded" | "expired" | "closed";

export type ProviderPayment = {
  providerPaymentId: string;
  providerChargeId: string;
  merchantRef: string;
  amount: number;
  currency: string;
  payer: string | null;
  paidAt: Date;
};

export type ProviderCharge = {
  providerChargeId: string;
  merchantRef: string;
  amount: number;
  currency: string;
  status: ProviderChargeStatus;
  /** Opaque: a URL for Sandbox Pay, weixin://… or an EMV string elsewhere. */
  qrContent: string;
  expiresAt: Date;
  payments: ProviderPayment[];
};

export type ProviderRefundStatus = "pending" | "succeeded" | "failed";

export type ProviderRefund = {
  providerRefundId: string;
  providerPaymentId: string;
  refundKey: string;
  amount: number;
  currency: string;
  status: ProviderRefundStatus;
  failureReason: string | null;
  settledAt: Date | null;
};

/** A verified notification event, keyed for dedupe by its provider event id. */
export type ProviderEvent =
  | { kind: "payment.succeeded"; eventId: string; payment: ProviderPayment }
  | { kind: "refund.settled"; eventId: string; refund: ProviderRefund; merchantRef: string }
  | { kind: "unknown"; eventId: string; type: string };

export type VerifiedNotification = {
  events: ProviderEvent[];
  /** What this provider wants answered once the events are stored. */
  ack: { status: number; body: string; contentType: string };
};

export type StatementMovement = {
  lineNo: number;
  time: Date;
  type: "PAYMENT" | "REFUND";
  providerChargeId: string;
  merchantRef: string;
  providerPaymentId: string;
  providerRefundId: string | null;
  amount: number;
  fee: number;
  net: number;
  currency: string;
};

export type CreateChargeInput = {
  merchantRef: string;
  amount: number;
  currency: string;
  description: string;
  expiresAt: Date;
  notifyUrl: string;
};

export interface PaymentProvider {
  readonly kind: string;
  createCharge(input: CreateChargeInput): Promise<ProviderCharge>;
  /** The provider's view of the charge(s) made for a merchant reference; null when it has none. */
  getCharge(merchantRef: string): Promise<ProviderCharge | null>;
  /** Stops a charge accepting payments. Answers "succeeded" when it is already paid. */
  closeCharge(merchantRef: string): Promise<"closed" | "succeeded" | "not_found">;
  refund(input: { providerPaymentId: string; amount: number; reason: string; refundKey: string }): Promise<ProviderRefund>;
  /**
   * The provider's view of a refund: by its provider id when Till has it, else
   * by the key Till sent as Idempotency-Key (a crash may have lost the id).
   * Null when the provider has no such refund.
   */
  getRefund(refundKey: string, providerRefundId?: string | null): Promise<ProviderRefund | null>;
  /** The day's statement file (a UTC day), streamed as the provider sends it; its format is the importer's business. */
  fetchStatement(day: string): Promise<AsyncIterable<Uint8Array>>;
  /** Verifies a raw notification; throws NotificationRejected when it is not authentic. */
  verifyNotification(rawBody: string, headers: Headers): VerifiedNotification;
  /** How this provider wants a refused notification answered (status 4xx/5xx); Till's problem+json 401 when absent. */
  rejectionAnswer?(reason: string): { status: number; body: string; contentType: string };
}

/**
 * How a provider call failed:
 * - `unavailable`: the provider certainly did not act (refused, unreachable, 503 before acting);
 * - `unknown_outcome`: the call may or may not have taken effect (a time-out after sending).
 *   Never read as "failed": resolve it by asking the provider by merchant_ref or key;
 * - `rejected`: the provider answered with an error that retrying will not fix.
 */
export type ProviderErrorKind = "unavailable" | "unknown_outcome" | "rejected";

/**
 * A failed provider call. Recognised by its brand and `kind` (isProviderError),
 * never by `instanceof`: adapters live in the server context, which may come
 * from another module graph than the code that catches (lib/errors.ts).
 */
export class ProviderError extends Error {
  readonly [ERROR_BRAND] = "provider" as const;

  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    /** For `rejected`: the provider's HTTP status and error code. */
    readonly rejection?: { status: number; code: string },
  ) {
    super(message);
    this.name = `ProviderError(${kind})`;
  }
}

export function isProviderError(error: unknown, kind?: ProviderErrorKind): error is ProviderError {
  return errorBrand(error) === "provider" && (kind === undefined || (error as ProviderError).kind === kind);
}

/** A notification whose signature, timestamp or shape is not acceptable. */
export class NotificationRejected extends Error {
  readonly [ERROR_BRAND] = "notification_rejected" as const;

  constructor(
    readonly reason: string,
    readonly status = 401,
  ) {
    super(reason);
    this.name = "NotificationRejected";
  }
}

export function isNotificationRejected(error: unknown): error is NotificationRejected {
  return errorBrand(error) === "notification_rejected";
}

/**
 * True for an error that means the provider failed us rather than Till:
 * unreachable, unknown outcome, or (for writes) a refusal that retrying will
 * not fix. Callers turn it into `provider_unavailable` and leave nothing half-made.
 */
export function isProviderFailure(error: unknown): boolean {
  return isProviderError(error);
}
