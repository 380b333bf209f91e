import { describe, expect, it } from "vitest";
import { ordersExportHref, ordersHref } from "./orders-href";

const today = "2026-11-28";

describe("ordersHref", () => {
  it("leaves today and unset filters out of the address", () => {
    expect(ordersHref({ day: today, today })).toBe("/orders");
    expect(ordersHref({ day: "2026-11-27", today, status: "paid", q: "T1-000001" })).toBe("/orders?day=2026-11-27&status=paid&q=T1-000001");
  });

  it("changing a filter starts again from the first page; asking for the next page keeps the filters", () => {
    const current = { day: today, today, cashier: "staff:stf_1", cursor: "c1" };
    expect(ordersHref(current, { status: "cancelled" })).toBe("/orders?status=cancelled&cashier=staff%3Astf_1");
    expect(ordersHref(current, { cursor: "c2" })).toBe("/orders?cashier=staff%3Astf_1&cursor=c2");
    expect(ordersHref(current, { cashier: undefined })).toBe("/orders");
  });

  it("keeps the terminal like the other filters", () => {
    const current = { day: today, today, terminal: "trm_2", cursor: "c1" };
    expect(ordersHref(current, { cursor: "c2" })).toBe("/orders?terminal=trm_2&cursor=c2");
    expect(ordersHref(current, { terminal: undefined })).toBe("/orders");
  });

  it("the CSV export names the day, keeps every filter and leaves out the page", () => {
    expect(ordersExportHref({ day: today, today })).toBe("/orders/export.csv?day=2026-11-28");
    expect(ordersExportHref({ day: "2026-11-27", today, status: "paid", cashier: "staff:stf_1", terminal: "trm_2", q: "23.5", cursor: "c1" })).toBe(
      "/orders/export.csv?day=2026-11-27&status=paid&cashier=staff%3Astf_1&terminal=trm_2&q=23.5",
    );
  });
});
