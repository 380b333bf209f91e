import { discrepancyJson, type DiscrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { businessDayOf } from "@/lib/stores/business-day";
import { displayStatus, type DisplayStatus } from "./display-status";
import type { OrderDetails } from "./get-order-details";
import type { OrderCreator } from "./list-order-creators";
import type { OrderRecord } from "./load-order";
import { orderJsonItems } from "./order-json";
import type { OrderItemResponse } from "./order-response";
import { isLive } from "./order-status";

/**
 * What the Orders screens show of an order, as plain data for the browser:
 * language-neutral (words are chosen on screen), times as RFC 3339, money in
 * minor units, people by name.
 */
export type OrderRow = {
  id: string;
  reference: string;
  status: DisplayStatus;
  amount: number;
  received: number;
  createdAt: string;
  /** The store's business day it was made on (YYYY-MM-DD). */
  day: string;
  /** Who made it; null when that staff member or key is unknown. */
  cashier: string | null;
};

export type OrderView = OrderRow & {
  live: boolean;
  refunded: number;
  note: string | null;
  paidAt: string | null;
  cancelledAt: string | null;
  expiresAt: string;
  items: (Pick<OrderItemResponse, "kind" | "name" | "names"> & { unitAmount: number; quantity: number })[];
  /** `refundable`: what is left to refund of the payment (its amount less its pending and succeeded refunds). */
  payments: { id: string; paidAt: string; method: string | null; amount: number; refundable: number; providerPaymentId: string; source: "notification" | "query" | "statement"; late: boolean }[];
  refunds: { id: string; createdAt: string; amount: number; status: "pending" | "succeeded" | "failed"; reason: string; requestedBy: string | null }[];
  discrepancies: DiscrepancyJson[];
};

const nameOf = (creators: OrderCreator[]) => {
  const names = new Map(creators.map((c) => [c.ref, c.name]));
  return (ref: string | null) => (ref === null ? null : (names.get(ref) ?? null));
};

export function orderRow(order: OrderRecord, creators: OrderCreator[], timeZone: string): OrderRow {
  return {
    id: order.id,
    reference: order.reference,
    status: displayStatus(order),
    amount: order.amount,
    received: order.amountReceived,
    createdAt: order.createdAt.toISOString(),
    day: businessDayOf(order.createdAt, timeZone),
    cashier: nameOf(creators)(order.createdBy),
  };
}

export function orderView({ order, discrepancies, methods, creators }: OrderDetails, timeZone: string): OrderView {
  const name = nameOf(creators);
  const source = (s: string) => (s === "query" || s === "statement" ? s : "notification");
  return {
    ...orderRow(order, creators, timeZone),
    live: isLive(order.status),
    refunded: order.amountRefunded,
    note: order.note,
    paidAt: order.paidAt?.toISOString() ?? null,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    expiresAt: order.expiresAt.toISOString(),
    items: orderJsonItems(order).map((i) => ({ kind: i.kind, name: i.name, names: i.names, unitAmount: i.unit_amount, quantity: i.quantity })),
    payments: order.payments.map((p) => ({
      id: p.id,
      paidAt: p.paidAt.toISOString(),
      method: methods[p.accountId] ?? null,
      amount: p.amount,
      refundable: p.amount - order.refunds.filter((r) => r.paymentId === p.id && r.status !== "failed").reduce((sum, r) => sum + r.amount, 0),
      providerPaymentId: p.providerPaymentId,
      source: source(p.source),
      late: p.late,
    })),
    refunds: order.refunds.map((r) => ({
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      amount: r.amount,
      // "sending" and "unknown" are Till's own waiting states; to people they are pending (as in API v1).
      status: r.status === "succeeded" || r.status === "failed" ? r.status : "pending",
      reason: r.reason,
      requestedBy: name(r.requestedBy),
    })),
    discrepancies: discrepancies.map(discrepancyJson),
  };
}
