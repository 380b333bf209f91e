/**
 * The kinds of discrepancy (pos-api.md), in a module of their own with no
 * imports: the Reconciliation page's client components read the list, and
 * must not pull the server's code (ids, audit, SQL) into the browser's bundle.
 */
export const DISCREPANCY_TYPES = [
  "unnotified_payment",
  "unsettled_payment",
  "underpaid",
  "overpaid",
  "duplicate_payment",
  "late_payment",
  "unknown_order",
  "amount_mismatch",
  "refund_mismatch",
] as const;
export type DiscrepancyType = (typeof DISCREPANCY_TYPES)[number];

/** A stored discrepancy's type; the database keeps it as a plain string. */
export function discrepancyTypeOf(d: { id: string; type: string }): DiscrepancyType {
  const type = DISCREPANCY_TYPES.find((t) => t === d.type);
  if (!type) throw new Error(`discrepancy ${d.id} has an unknown type ${d.type}`);
  return type;
}
