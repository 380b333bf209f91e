import { describe, expect, it } from "vitest";
import { orderListParams } from "./order-list-params";

describe("the Orders screen's address", () => {
  it("reads every filter", () => {
    expect(orderListParams.parse({ day: "2026-11-28", status: "paid", cashier: "staff:stf_01JD5T8Q2N9XK3M7V6W4R1ZB0C", q: " 23.5 ", cursor: "abc" })).toEqual({
      day: "2026-11-28",
      status: "paid",
      cashier: "staff:stf_01JD5T8Q2N9XK3M7V6W4R1ZB0C",
      q: "23.5",
      cursor: "abc",
    });
  });

  it.each([
    ["an impossible day", { day: "2026-02-31" }],
    ["a day in another format", { day: "28/11/2026" }],
    ["an unknown status", { status: "void" }],
    ["a cashier that is not a staff member or a key", { cashier: "system" }],
    ["a cashier with SQL in it", { cashier: "staff:x' OR 1=1 --" }],
    ["an empty search", { q: "   " }],
    ["a search longer than any reference or amount", { q: "9".repeat(61) }],
    ["a cursor of 201 characters", { cursor: "a".repeat(201) }],
  ])("drops %s, and keeps the rest", (_name, bad) => {
    expect(orderListParams.parse({ ...bad, status: "status" in bad ? bad.status : "open" })).toEqual({ status: "status" in bad ? undefined : "open" });
  });

  it("takes the first of a repeated parameter", () => {
    expect(orderListParams.parse({ status: ["cancelled", "paid"] })).toEqual({ status: "cancelled" });
  });
});
