import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  appendDigits,
  currencyExponent,
  formatMoney,
  isCurrency,
  MAX_AMOUNT,
  parseAmount,
  removeDigit,
  roundHalfUp,
  toDecimalString,
} from "./money";

describe("currencyExponent", () => {
  it.each([
    ["CNY", 2],
    ["USD", 2],
    ["JPY", 0],
    ["KWD", 3],
    ["BRL", 2],
  ])("%s has %i decimals", (currency, exponent) => {
    expect(currencyExponent(currency)).toBe(exponent);
  });
});

describe("isCurrency", () => {
  it.each([
    ["CNY", true],
    ["EUR", true],
    ["cny", false],
    ["XXY", false],
    ["RMB", false],
  ])("%s → %s", (code, known) => expect(isCurrency(code)).toBe(known));
});

describe("parseAmount", () => {
  it.each([
    ["23.50", "CNY", 2350],
    ["23.5", "CNY", 2350],
    ["23", "CNY", 2300],
    ["0.01", "CNY", 1],
    ["19.99", "CNY", 1999],
    ["1,234.56", "CNY", 123456],
    [" 7 ", "CNY", 700],
    ["1500", "JPY", 1500],
    ["1.234", "KWD", 1234],
    ["10000000.00", "CNY", MAX_AMOUNT],
  ])("%s %s → %i", (text, currency, minor) => {
    expect(parseAmount(text, currency)).toBe(minor);
  });

  it.each([["1.234", "CNY"], ["1.5", "JPY"], ["-1", "CNY"], ["1e3", "CNY"], ["abc", "CNY"], ["", "CNY"], ["10000000.01", "CNY"], ["0x10", "CNY"]])(
    "refuses %s %s",
    (text, currency) => expect(parseAmount(text, currency)).toBeNull(),
  );

  it("round-trips every amount through its decimal string", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT }), fc.constantFrom("CNY", "JPY", "KWD"), (minor, currency) => {
        expect(parseAmount(toDecimalString(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});

describe("toDecimalString", () => {
  it.each([
    [2350, "CNY", "23.50"],
    [5, "CNY", "0.05"],
    [0, "CNY", "0.00"],
    [-500, "CNY", "-5.00"],
    [1500, "JPY", "1500"],
    [1, "KWD", "0.001"],
  ])("%i %s → %s", (minor, currency, text) => expect(toDecimalString(minor, currency)).toBe(text));
});

describe("formatMoney", () => {
  it.each([
    [2350, "CNY", "en", "CN¥23.50"],
    [2350, "CNY", "zh-CN", "¥23.50"],
    [123456789, "CNY", "zh-CN", "¥1,234,567.89"],
    [1999, "USD", "en", "$19.99"],
    [1500, "JPY", "en", "¥1,500"],
  ])("%i %s in %s → %s", (minor, currency, locale, text) => {
    expect(formatMoney(minor, currency, locale)).toBe(text);
  });

  it("never shows float noise for any amount", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_AMOUNT }), (minor) => {
        const shown = formatMoney(minor, "CNY", "en").replace(/[^\d.]/g, "");
        expect(shown).toBe(toDecimalString(minor, "CNY"));
      }),
    );
  });
});

describe("keypad digits", () => {
  it("shifts digits in from the right", () => {
    let minor = 0;
    for (const d of ["2", "3", "5", "0"]) minor = appendDigits(minor, d);
    expect(minor).toBe(2350);
    expect(appendDigits(2350, "00")).toBe(235000);
    expect(removeDigit(2350)).toBe(235);
  });

  it("stops at the largest amount", () => {
    expect(appendDigits(MAX_AMOUNT, "1")).toBe(MAX_AMOUNT);
    expect(appendDigits(0, "x")).toBe(0);
  });
});

describe("roundHalfUp", () => {
  it.each([
    [2350 * 6, 1000, 14],
    [250 * 6, 1000, 2],
    [1000 * 6, 1000, 6],
    [5, 10, 1],
    [4, 10, 0],
    [15, 10, 2],
  ])("%i / %i → %i", (n, d, r) => expect(roundHalfUp(n, d)).toBe(r));
});
