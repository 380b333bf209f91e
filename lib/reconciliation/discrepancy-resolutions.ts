import type { DiscrepancyType } from "./discrepancy-types";

export const RESOLUTIONS = ["accepted", "refunded", "written_off", "linked"] as const;
export type Resolution = (typeof RESOLUTIONS)[number];

/** The resolutions pos-api.md allows for each type; anything else is refused (422). */
export const RESOLUTIONS_BY_TYPE: Record<DiscrepancyType, readonly Resolution[]> = {
  unnotified_payment: ["accepted", "refunded"],
  unsettled_payment: ["accepted", "written_off"],
  underpaid: ["refunded", "accepted", "written_off"],
  overpaid: ["refunded", "accepted"],
  duplicate_payment: ["refunded", "accepted"],
  late_payment: ["accepted", "refunded"],
  unknown_order: ["linked", "refunded", "written_off"],
  amount_mismatch: ["accepted", "written_off"],
  refund_mismatch: ["accepted", "written_off"],
};

/**
 * What "refunded" has to show before it may be recorded (resolving never moves
 * money): `payment` — the payment that opened the finding was returned whole;
 * `excess` — the order keeps no more than its amount; `received` — the order
 * keeps nothing (an underpaid sale called off).
 */
export const REFUND_COVERS: Record<DiscrepancyType, "payment" | "excess" | "received" | null> = {
  unnotified_payment: "payment",
  unsettled_payment: null,
  underpaid: "received",
  overpaid: "excess",
  duplicate_payment: "excess",
  late_payment: "payment",
  unknown_order: "payment",
  amount_mismatch: null,
  refund_mismatch: null,
};

export function isAllowedResolution(type: DiscrepancyType, resolution: Resolution): boolean {
  return RESOLUTIONS_BY_TYPE[type].includes(resolution);
}
