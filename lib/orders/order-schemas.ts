import { z } from "zod";
import { isCurrency, MAX_AMOUNT } from "@/lib/money";
import { ORDER_STATUSES } from "./order-status";

/** API v1 request schemas for orders. Strict: an unknown field is a 422, not silently ignored. */

const amount = z.int("must be an integer number of minor units (fen)").min(1, "must be at least 1").max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`);

export const orderItemBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  unit_amount: z.int().min(0).max(MAX_AMOUNT),
  quantity: z.int().min(1).max(999),
});

export const createOrderBody = z
  .strictObject({
    amount: amount.optional().describe("minor units; or give items"),
    currency: z.string().refine(isCurrency, "must be an ISO 4217 code such as CNY").optional(),
    items: z.array(orderItemBody).min(1).max(100).optional(),
    note: z.string().max(500).nullish(),
    expires_in: z.int().min(30).max(3600).optional().describe("seconds the QR stays payable"),
    connection_id: z.string().min(1).max(64).optional().describe("the store's payment connection to charge through (e.g. its WeChat Pay or its Alipay); the default connection when omitted"),
  })
  .refine((b) => b.amount !== undefined || b.items !== undefined, { message: "give amount or items", path: ["amount"] });

export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const listOrdersQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});

export type ListOrdersQuery = z.infer<typeof listOrdersQuery>;
