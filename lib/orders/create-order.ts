import { recordAudit } from "@/lib/audit/record-audit";
import { actorRef, type Actor, type Ctx } from "@/lib/context";
import { AppError } from "@/lib/errors";
import { newId, newProviderRef } from "@/lib/ids";
import { MAX_AMOUNT } from "@/lib/money";
import { closeChargeQuietly } from "@/lib/orders/close-charge-quietly";
import { chosenConnection } from "@/lib/providers/store-connections";
import { notifyPath } from "@/lib/providers/notify-path";
import { isProviderFailure, type ProviderCharge } from "@/lib/providers/types";
import { allocateReference } from "./allocate-reference";
import { loadOrder, type OrderRecord } from "./load-order";
import type { OrderItemKind } from "./order-response";

/**
 * One line of an order. `kind` says what it is, so that screens word it in
 * their viewer's language: a catalogue `product` (with its names in both
 * languages as sold), the `amount` typed on the keypad, or an `item` named by
 * an API client (its name is shown as given).
 */
export type OrderItemInput = { kind?: OrderItemKind; name: string; nameEn?: string | null; nameZh?: string | null; unitAmount: number; quantity: number; productId?: string | null };

export type CreateOrderInput = {
  amount?: number;
  currency?: string;
  items?: OrderItemInput[];
  note?: string | null;
  /** Seconds the QR stays payable; the store's QR lifetime when omitted. */
  expiresIn?: number;
  /** The store's connection to charge through (the QR the cashier picked); the default connection when omitted. */
  connectionId?: string;
};

/**
 * Creates an order and its provider charge. The charge is made first, outside
 * any transaction, and the order is stored only once the provider has answered:
 * a provider that is down or slow leaves no order behind, and a charge that may
 * exist without an order is closed by its merchant_ref.
 *
 * A store with more than one connection (a WeChat Pay and an Alipay account)
 * lets the cashier pick the QR before it is made: the order's one charge goes
 * through the chosen connection, so there is never a second open charge the
 * customer could also pay. To change provider afterwards the cashier cancels
 * the order (its charge is closed at the provider first) and charges again;
 * a payment that still arrives on the closed QR is a late payment.
 */
export async function createOrder(ctx: Ctx, { actor, input }: { actor: Actor; input: CreateOrderInput }): Promise<OrderRecord> {
  const store = await ctx.db.store.findUniqueOrThrow({ where: { id: actor.storeId } });
  const currency = input.currency ?? store.currency;
  if (currency !== store.currency) {
    throw new AppError("invalid_request", `This store takes ${store.currency} only`, { errors: [{ path: "currency", message: `must be ${store.currency}` }] });
  }
  const items = input.items ?? [];
  const itemsTotal = items.reduce((sum, i) => sum + i.unitAmount * i.quantity, 0);
  const amount = input.amount ?? itemsTotal;
  if (items.length > 0 && input.amount !== undefined && input.amount !== itemsTotal) {
    throw new AppError("invalid_request", `amount ${input.amount} differs from the items' total ${itemsTotal}`, { errors: [{ path: "amount", message: "must equal the sum of the items" }] });
  }
  if (!Number.isSafeInteger(amount) || amount <= 0 || amount > MAX_AMOUNT) {
    throw new AppError("invalid_request", `The amount must be between 1 and ${MAX_AMOUNT} minor units`, { errors: [{ path: "amount", message: "out of range" }] });
  }

  const { connectionId, account } = await chosenConnection(ctx.db, store.id, input.connectionId);
  const provider = ctx.provider(account);
  const reference = await allocateReference(ctx.db, actor.terminalId);
  const providerRef = newProviderRef();
  const now = ctx.now();
  const expiresAt = new Date(now.getTime() + (input.expiresIn ?? store.qrLifetimeS) * 1000);

  let charge: ProviderCharge;
  try {
    charge = await provider.createCharge({
      merchantRef: providerRef,
      amount,
      currency,
      description: `${store.name} ${reference}`,
      expiresAt,
      notifyUrl: `${ctx.publicUrl}${notifyPath(account)}`,
    });
  } catch (error) {
    if (isProviderFailure(error)) {
      closeChargeQuietly(provider, providerRef);
      throw new AppError("provider_unavailable", "The payment provider did not answer; no order was created. Try again.");
    }
    throw error;
  }

  const orderId = newId("ord");
  try {
    await ctx.db.$transaction(async (tx) => {
      await tx.order.create({
        data: {
          id: orderId,
          storeId: store.id,
          terminalId: actor.terminalId,
          reference,
          providerRef,
          status: "open",
          amount,
          currency,
          note: input.note ?? null,
          expiresAt,
          createdAt: now,
          nextCheckAt: new Date(now.getTime() + ctx.sweep.afterS * 1000),
          createdBy: actorRef(actor),
          items: {
            create: items.map((item, position) => ({
              id: newId("itm"),
              productId: item.productId ?? null,
              kind: item.kind ?? "item",
              name: item.name,
              nameEn: item.nameEn ?? null,
              nameZh: item.nameZh ?? null,
              unitAmount: item.unitAmount,
              quantity: item.quantity,
              position,
            })),
          },
          charge: {
            create: {
              id: newId("chg"),
              connectionId,
              providerChargeId: charge.providerChargeId,
              qrContent: charge.qrContent,
              status: charge.status,
              expiresAt: charge.expiresAt,
              createdAt: now,
            },
          },
        },
      });
      await recordAudit(
        tx,
        { storeId: store.id, actor: actorRef(actor), action: "order.created", entityType: "order", entityId: orderId, data: { amount, currency, reference } },
        now,
      );
    });
  } catch (error) {
    closeChargeQuietly(provider, providerRef);
    throw error;
  }
  ctx.bus.publish({ type: "order.changed", orderId, storeId: store.id, status: "open" });
  const order = await loadOrder(ctx.db, store.id, orderId);
  if (!order) throw new Error(`order ${orderId} vanished after creation`);
  return order;
}
