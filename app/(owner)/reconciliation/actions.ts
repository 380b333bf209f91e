"use server";

import { z } from "zod";
import { actorRef } from "@/lib/context";
import { refundJson } from "@/lib/orders/order-json";
import { browseOrders } from "@/lib/orders/browse-orders";
import { discrepancyJson } from "@/lib/reconciliation/discrepancy-json";
import { RESOLUTIONS } from "@/lib/reconciliation/discrepancy-resolutions";
import { fetchStatement } from "@/lib/reconciliation/fetch-statement";
import { importStatementJson } from "@/lib/reconciliation/reconciliation-json";
import { resolveDiscrepancy } from "@/lib/reconciliation/resolve-discrepancy";
import { refundDiscrepancy } from "@/lib/refunds/refund-discrepancy";
import { withStaff } from "@/app/_server/with-staff";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const discrepancyId = z.string().regex(/^dis_[0-9A-Z]{26}$/);

export const resolveDiscrepancyAction = withStaff(
  "owner",
  z.strictObject({ discrepancyId, resolution: z.enum(RESOLUTIONS), note: z.string().trim().min(1).max(1000), orderId: z.string().min(1).max(64).optional() }),
  async (input, staff, ctx) => discrepancyJson(await resolveDiscrepancy(ctx, { actor: staff.actor, ...input })),
  "resolve a discrepancy",
);

export const refundDiscrepancyAction = withStaff(
  "owner",
  z.strictObject({ discrepancyId, amount: z.int().min(1), reason: z.string().trim().min(1).max(80), key: z.string().min(8).max(64) }),
  async (input, staff, ctx) => refundJson((await refundDiscrepancy(ctx, { actor: staff.actor, ...input })).refund),
  "refund from a discrepancy",
);

/** Orders to link an unknown payment to: by reference (any day) or by amount on the day. */
export const findOrdersAction = withStaff(
  "owner",
  z.strictObject({ q: z.string().trim().min(1).max(40), day }),
  async (input, staff, ctx) => {
    const found = await browseOrders(ctx, { storeId: staff.actor.storeId, day: input.day, q: input.q, limit: 10 });
    return { search: typeof found.search === "object" ? "ok" : "unreadable", orders: found.rows.map(({ id, reference, amount, received, status, createdAt }) => ({ id, reference, amount, received, status, createdAt })) };
  },
  "find orders to link",
);

/** The provider's statement of a (UTC) day, fetched and imported now. */
export const fetchStatementAction = withStaff(
  "owner",
  z.strictObject({ day }),
  async (input, staff, ctx) => importStatementJson(await fetchStatement(ctx, { storeId: staff.actor.storeId, day: input.day, importedBy: actorRef(staff.actor) })),
  "fetch a statement",
);
