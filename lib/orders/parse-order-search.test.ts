import { describe, expect, it } from "vitest";
import { parseOrderSearch } from "./parse-order-search";

describe("parseOrderSearch", () => {
  it.each([
    ["T1-000123", { reference: "T1-000123" }],
    ["t1-123", { reference: "T1-000123" }],
    [" T2 - 0000045 ", { reference: "T2-000045" }],
    ["T1-1234567", { reference: "T1-1234567" }],
    ["23.5", { amount: 2350 }],
    ["23.50", { amount: 2350 }],
    ["¥23.50", { amount: 2350 }],
    ["￥8", { amount: 800 }],
    ["1,200", { amount: 120000 }],
    ["2350", { amount: 235000 }],
    ["0.01", { amount: 1 }],
    ["0", null],
    ["23.505", null],
    ["-5", null],
    ["1e3", null],
    ["latte", null],
    ["", null],
    ["   ", null],
  ])("%j → %j (CNY)", (text, expected) => {
    expect(parseOrderSearch(text, "CNY")).toEqual(expected);
  });

  it("reads an amount in the store's currency: yen have no minor digits", () => {
    expect(parseOrderSearch("500", "JPY")).toEqual({ amount: 500 });
    expect(parseOrderSearch("5.5", "JPY")).toBeNull();
  });
});
