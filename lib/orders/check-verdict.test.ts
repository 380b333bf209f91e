import { describe, expect, it } from "vitest";
import { checkVerdict, type CheckVerdict } from "./check-verdict";

describe("checkVerdict: hand over the goods only for a paid order", () => {
  const cases: [string, number, CheckVerdict][] = [
    ["paid", 2350, "paid"],
    ["paid", 4700, "paid"],
    ["open", 0, "not_paid"],
    ["partially_paid", 1000, "partially_paid"],
    ["expired", 0, "not_paid"],
    ["cancelled", 0, "not_paid"],
    // Money that arrived for an ended order is not a sale: the owner accepts or refunds it.
    ["cancelled", 2350, "paid_after_end"],
    ["expired", 2350, "paid_after_end"],
    ["cancelled", 4700, "paid_after_end"],
    // Everything received was given back: received ≥ amount must not read as paid.
    ["refunded", 2350, "refunded"],
  ];
  it.each(cases)("status %s, received %i → %s", (status, received, verdict) => {
    expect(checkVerdict({ status, amount_received: received })).toBe(verdict);
  });
});
