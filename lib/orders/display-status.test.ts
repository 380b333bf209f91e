import { describe, expect, it } from "vitest";
import { displayStatus } from "./display-status";

describe("displayStatus", () => {
  it.each([
    ["open", 0, "open"],
    ["partially_paid", 1000, "partially_paid"],
    ["paid", 2350, "paid"],
    ["refunded", 2350, "refunded"],
    ["expired", 0, "expired"],
    ["cancelled", 0, "cancelled"],
    // A late payment leaves the status as it was; the money must still show.
    ["expired", 2400, "expired_received"],
    ["cancelled", 2400, "cancelled_received"],
    // An underpaid order that ended holds its part payment.
    ["cancelled", 500, "cancelled_received"],
  ])("%s with %i received reads %s", (status, amountReceived, expected) => {
    expect(displayStatus({ status, amountReceived })).toBe(expected);
  });

  it("refuses a status the order rules do not have", () => {
    expect(() => displayStatus({ status: "void", amountReceived: 0 })).toThrow(/void/);
  });
});
