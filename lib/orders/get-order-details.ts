import type { Ctx } from "@/lib/context";
import type { Discrepancy } from "@/lib/generated/prisma/client";
import { listDiscrepancies } from "@/lib/reconciliation/list-discrepancies";
import { listOrderCreators, type OrderCreator } from "./list-order-creators";
import { loadOrder, type OrderRecord } from "./load-order";

export type OrderDetails = {
  order: OrderRecord;
  /** The order's findings, newest first. */
  discrepancies: Discrepancy[];
  /** The payment method of each payment's provider account, by account id ("Sandbox Pay", "WeChat Pay"). */
  methods: Record<string, string>;
  /** Who can have created the order or asked for its refunds, by their `createdBy`/`requestedBy` reference. */
  creators: OrderCreator[];
};

/** Everything the order's own page shows: the order, its discrepancies, payment methods and people. Null when the store has no such order. */
export async function getOrderDetails(ctx: Ctx, { storeId, orderId }: { storeId: string; orderId: string }): Promise<OrderDetails | null> {
  const order = await loadOrder(ctx.db, storeId, orderId);
  if (!order) return null;
  const accountIds = [...new Set(order.payments.map((p) => p.accountId))];
  const [discrepancies, accounts, creators] = await Promise.all([
    // An order has a few findings at most (one per payment and kind); 100 is far beyond.
    listDiscrepancies(ctx, { storeId, orderId: order.id, limit: 100 }),
    accountIds.length === 0 ? [] : ctx.db.providerAccount.findMany({ where: { id: { in: accountIds } }, select: { id: true, name: true } }),
    listOrderCreators(ctx, { storeId }),
  ]);
  return { order, discrepancies: discrepancies.data, methods: Object.fromEntries(accounts.map((a) => [a.id, a.name])), creators };
}
