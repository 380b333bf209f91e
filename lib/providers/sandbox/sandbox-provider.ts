import {
  isProviderError,
  ProviderError,
  type CreateChargeInput,
  type PaymentProvider,
  type ProviderCharge,
  type ProviderRefund,
} from "@/lib/providers/types";
import { sandboxCall, sandboxStream, type SandboxConfig } from "./http-client";
import { verifySandboxNotification } from "./notifications";
import { toCharge, toRefund, wireCharge, wireRefund } from "./wire";
import { z } from "zod";

const chargeList = z.object({ data: z.array(wireCharge) });
const refundList = z.object({ data: z.array(wireRefund) });

/** Sandbox Pay (provider-protocol.md) behind Till's provider port. */
export class SandboxProvider implements PaymentProvider {
  readonly kind = "sandbox";

  constructor(private readonly config: SandboxConfig & { webhookSecret: string }) {}

  async createCharge(input: CreateChargeInput): Promise<ProviderCharge> {
    const result = await sandboxCall<unknown>(this.config, {
      method: "POST",
      path: "/v1/charges",
      body: {
        merchant_ref: input.merchantRef,
        amount: input.amount,
        currency: input.currency,
        description: input.description,
        expires_at: input.expiresAt.toISOString(),
        notify_url: input.notifyUrl,
      },
    });
    if (!result) throw new ProviderError("rejected", "Sandbox Pay has no charges endpoint", { status: 404, code: "not_found" });
    return toCharge(wireCharge.parse(result.body));
  }

  async getCharge(merchantRef: string): Promise<ProviderCharge | null> {
    const result = await sandboxCall<unknown>(this.config, {
      method: "GET",
      path: `/v1/charges?merchant_ref=${encodeURIComponent(merchantRef)}`,
    });
    const charge = result ? chargeList.parse(result.body).data[0] : undefined;
    return charge ? toCharge(charge) : null;
  }

  async closeCharge(merchantRef: string): Promise<"closed" | "succeeded" | "not_found"> {
    const charge = await this.getCharge(merchantRef);
    if (!charge) return "not_found";
    try {
      const result = await sandboxCall<unknown>(this.config, {
        method: "POST",
        path: `/v1/charges/${encodeURIComponent(charge.providerChargeId)}/close`,
      });
      return result ? "closed" : "not_found";
    } catch (error) {
      if (isProviderError(error, "rejected") && error.rejection?.code === "charge_succeeded") return "succeeded";
      throw error;
    }
  }

  async refund(input: { providerPaymentId: string; amount: number; reason: string; refundKey: string }): Promise<ProviderRefund> {
    const result = await sandboxCall<unknown>(this.config, {
      method: "POST",
      path: "/v1/refunds",
      headers: { "idempotency-key": input.refundKey },
      body: { payment_id: input.providerPaymentId, amount: input.amount, reason: input.reason },
    });
    if (!result) throw new ProviderError("rejected", "the provider does not know this payment", { status: 404, code: "not_found" });
    return toRefund(wireRefund.parse(result.body));
  }

  async getRefund(refundKey: string, providerRefundId?: string | null): Promise<ProviderRefund | null> {
    if (providerRefundId) {
      const byId = await sandboxCall<unknown>(this.config, { method: "GET", path: `/v1/refunds/${encodeURIComponent(providerRefundId)}` });
      if (byId) return toRefund(wireRefund.parse(byId.body));
    }
    const result = await sandboxCall<unknown>(this.config, {
      method: "GET",
      path: `/v1/refunds?merchant_refund_ref=${encodeURIComponent(refundKey)}`,
    });
    const refund = result ? refundList.parse(result.body).data[0] : undefined;
    return refund ? toRefund(refund) : null;
  }

  async fetchStatement(day: string): Promise<AsyncIterable<Uint8Array>> {
    const result = await sandboxStream(this.config, `/v1/statements?date=${encodeURIComponent(day)}`);
    if (!result) throw new ProviderError("rejected", `no statement for ${day}`, { status: 404, code: "not_found" });
    return result;
  }

  verifyNotification(rawBody: string, headers: Headers) {
    return verifySandboxNotification(this.config.webhookSecret, rawBody, headers);
  }
}
