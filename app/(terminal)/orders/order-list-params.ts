import { z } from "zod";
import { ORDER_STATUSES } from "@/lib/orders/order-status";
import { isCalendarDay } from "@/lib/stores/business-day";

/** A query parameter as Next.js gives it: repeated ones come as an array, of which the first counts. */
const one = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (Array.isArray(value) ? (value as unknown[])[0] : value), schema.optional()).catch(undefined);

/**
 * The Orders screen's filters, from the address bar (so that they survive a
 * reload and can be shared). Anything unreadable is dropped, never a 500: the
 * screen then shows its default (today, every status, every cashier, every terminal).
 */
export const orderListParams = z.object({
  day: one(z.string().refine(isCalendarDay)),
  status: one(z.enum(ORDER_STATUSES)),
  cashier: one(z.string().regex(/^(staff|api_key):[A-Za-z0-9_]{1,64}$/)),
  terminal: one(z.string().regex(/^trm_[A-Za-z0-9]{1,64}$/)),
  q: one(z.string().trim().min(1).max(60)),
  cursor: one(z.string().max(200)),
});

export type OrderListParams = z.infer<typeof orderListParams>;
