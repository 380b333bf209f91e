import type { Ctx } from "@/lib/context";
import type { Refund } from "@/lib/generated/prisma/client";
import type { PaymentProvider } from "@/lib/providers/types";

/** The provider adapter of a refund's account, and the provider's id of the payment it refunds. */
export async function refundProvider(ctx: Ctx, refund: Refund): Promise<{ provider: PaymentProvider; providerPaymentId: string }> {
  const [account, payment] = await Promise.all([
    ctx.db.providerAccount.findUniqueOrThrow({ where: { id: refund.accountId } }),
    ctx.db.payment.findUniqueOrThrow({ where: { id: refund.paymentId }, select: { providerPaymentId: true } }),
  ]);
  return { provider: ctx.provider(account), providerPaymentId: payment.providerPaymentId };
}

/** What Till sends for a refund: always the same body and key, so that a re-send is the same request to the provider. */
export function refundRequest(refund: Refund, providerPaymentId: string) {
  return { providerPaymentId, amount: refund.amount, reason: refund.reason, refundKey: refund.refundKey };
}
