import type { Tx } from "@/lib/db/client";
import type { Discrepancy } from "@/lib/generated/prisma/client";
import { orderTotals } from "@/lib/orders/order-totals";
import { REFUND_COVERS } from "./discrepancy-resolutions";
import type { DiscrepancyType } from "./discrepancy-types";
import { inTurn } from "@/lib/db/in-turn";

/**
 * What a discrepancy needs refunded before it may be resolved `refunded`
 * (REFUND_COVERS), read inside the caller's transaction: `due` — what has to
 * go back; `covered` — what succeeded refunds returned so far; `waiting` —
 * what refunds still waiting for the provider may return. Null for a type
 * that is never refunded, or a finding without the payment or order it needs.
 */
export async function refundDue(tx: Tx, d: Discrepancy, type: DiscrepancyType): Promise<{ due: number; covered: number; waiting: number } | null> {
  const covers = REFUND_COVERS[type];
  if (covers === null) return null;
  if (covers === "payment") {
    const payment = d.paymentId ? await tx.payment.findUnique({ where: { id: d.paymentId }, select: { amount: true } }) : null;
    if (!payment) return null;
    const [succeeded, waiting] = await inTurn([
      () => tx.refund.aggregate({ where: { paymentId: d.paymentId!, status: "succeeded" }, _sum: { amount: true } }),
      () => tx.refund.aggregate({ where: { paymentId: d.paymentId!, status: { in: ["sending", "pending", "unknown"] } }, _sum: { amount: true } }),
    ]);
    return { due: payment.amount, covered: succeeded._sum.amount ?? 0, waiting: waiting._sum.amount ?? 0 };
  }
  if (!d.orderId) return null;
  const order = await tx.order.findUniqueOrThrow({ where: { id: d.orderId }, include: { store: { select: { amountTolerance: true } } } });
  const totals = await orderTotals(tx, order.id);
  const due = covers === "received" ? totals.received : Math.max(0, totals.received - order.amount - order.store.amountTolerance);
  return { due, covered: totals.refunded, waiting: totals.refunding };
}
