import { z } from "zod";
import { DELIVERY_OUTCOMES } from "./delivery-kinds";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const fields = {
  outcome: z.enum(DELIVERY_OUTCOMES),
  type: z.string().regex(/^[a-z_]+\.[a-z_]+$/).max(64),
  from: day,
  to: day,
  cursor: z.string().max(200),
};

export type InboxFilterInput = Partial<{ outcome: (typeof DELIVERY_OUTCOMES)[number]; type: string; from: string; to: string; cursor: string }>;

/** The inbox's filters from the page's address; a malformed one is dropped rather than failing the page. */
export function inboxFilterFromParams(params: Record<string, string | string[] | undefined>): InboxFilterInput {
  const out: InboxFilterInput = {};
  const outcome = fields.outcome.safeParse(params.outcome);
  if (outcome.success) out.outcome = outcome.data;
  for (const key of ["type", "from", "to", "cursor"] as const) {
    const parsed = fields[key].safeParse(params[key]);
    if (parsed.success) out[key] = parsed.data;
  }
  return out;
}
