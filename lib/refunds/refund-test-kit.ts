/**
 * Helpers shared by the refund tests (not a test file itself): orders paid at
 * a real Sandbox Pay, a provider whose refund answers can be lost, and what
 * Sandbox Pay holds for a refund key.
 */
import { expect } from "vitest";
import type { Ctx } from "@/lib/context";
import { ProviderError, type PaymentProvider } from "@/lib/providers/types";
import type { Harness, WirePayment } from "@/test/harness";

/** How the next refund call of a `lossyProvider` behaves. */
export type RefundCallFault = "none" | "lose_answer" | "lose_request";

/**
 * A context whose provider loses refund calls on demand, as a time-out would:
 * `lose_answer` sends the refund and then reports an unknown outcome (the
 * provider made it, Till never heard); `lose_request` reports an unknown outcome
 * without sending anything. Each fault applies to one call. `calls` counts the
 * refund calls that reached the adapter (sent, lost or refused).
 */
export function lossyCtx(base: Ctx): { ctx: Ctx; next: RefundCallFault[]; calls: { refund: number; getRefund: number } } {
  const next: RefundCallFault[] = [];
  const calls = { refund: 0, getRefund: 0 };
  const ctx: Ctx = {
    ...base,
    provider: (account) => {
      const real = base.provider(account);
      const wrapped: PaymentProvider = {
        kind: real.kind,
        createCharge: (input) => real.createCharge(input),
        getCharge: (ref) => real.getCharge(ref),
        closeCharge: (ref) => real.closeCharge(ref),
        getRefund: (key, id) => {
          calls.getRefund += 1;
          return real.getRefund(key, id);
        },
        fetchStatement: (day) => real.fetchStatement(day),
        verifyNotification: (body, headers) => real.verifyNotification(body, headers),
        refund: async (input) => {
          calls.refund += 1;
          const fault = next.shift() ?? "none";
          if (fault === "lose_request") throw new ProviderError("unknown_outcome", "the request was lost (test)");
          const answer = await real.refund(input);
          if (fault === "lose_answer") throw new ProviderError("unknown_outcome", "the answer was lost (test)");
          return answer;
        },
      };
      return wrapped;
    },
  };
  return { ctx, next, calls };
}

/** An order paid in full (by notification), plus `extra` forced payments of the same amount; waits until Till has them all. */
export async function paidOrder(h: Harness, amount: number, extra = 0): Promise<{ orderId: string; chargeId: string; payments: WirePayment[] }> {
  const { orderId, chargeId } = await h.newOrder(amount);
  const payments = [await h.pay(chargeId)];
  await h.delivered(chargeId, 1);
  for (let i = 0; i < extra; i++) {
    payments.push(await h.pay(chargeId, { force: true }));
    await h.delivered(chargeId, i + 2);
  }
  const order = await h.ctx.db.order.findUniqueOrThrow({ where: { id: orderId }, include: { payments: true } });
  expect(order.payments).toHaveLength(1 + extra);
  return { orderId, chargeId, payments };
}

export type SandboxRefund = { id: string; payment_id: string; merchant_refund_ref: string; amount: number; status: string };

/** The refunds Sandbox Pay holds under a merchant refund key. */
export async function sandboxRefundsByKey(h: Harness, key: string): Promise<SandboxRefund[]> {
  const res = await h.sandboxApi("GET", `/v1/refunds?merchant_refund_ref=${encodeURIComponent(key)}`);
  expect(res.status).toBe(200);
  return (res.json as { data: SandboxRefund[] }).data;
}

/** Till's id of a payment by its provider id. */
export async function tillPaymentId(h: Harness, providerPaymentId: string): Promise<string> {
  return (await h.ctx.db.payment.findFirstOrThrow({ where: { providerPaymentId } })).id;
}
