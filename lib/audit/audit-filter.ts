import { z } from "zod";

/** The filter's choices: every action recorded (audit-actions.ts); an unknown one in an old address is still honoured. */
export { AUDIT_ACTIONS } from "./audit-actions";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a day is YYYY-MM-DD");

/** The audit log's filters as they stand in the page's address and the CSV link. */
export const auditFilterSchema = z.object({
  action: z.string().regex(/^[a-z_]+\.[a-z_]+$/).max(64).optional(),
  actor: z.string().regex(/^(staff|api_key|provider|system)(:[A-Za-z0-9_]{1,64})?$/).optional(),
  /** Business days in the store's time zone, inclusive. */
  from: day.optional(),
  to: day.optional(),
  cursor: z.string().max(200).optional(),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;

/** Filters from a page's search parameters; a malformed one is dropped rather than failing the page. */
export function auditFilterFromParams(params: Record<string, string | string[] | undefined>): AuditFilterInput {
  const picked: Record<string, string> = {};
  for (const key of ["action", "actor", "from", "to", "cursor"] as const) {
    const value = params[key];
    if (typeof value === "string" && value !== "") picked[key] = value;
  }
  const out: AuditFilterInput = {};
  for (const [key, value] of Object.entries(picked)) {
    const one = auditFilterSchema.shape[key as keyof AuditFilterInput].safeParse(value);
    if (one.success && one.data !== undefined) out[key as keyof AuditFilterInput] = one.data;
  }
  return out;
}
