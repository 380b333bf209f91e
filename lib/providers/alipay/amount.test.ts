import { describe, expect, it } from "vitest";
import { fenToYuan, yuanToFen } from "./amount";

describe("yuan ↔ fen", () => {
  it.each([
    ["0.01", 1],
    ["0.1", 10],
    ["0.10", 10],
    ["1", 100],
    ["1.5", 150],
    ["19.99", 1999],
    ["99999999.99", 9_999_999_999],
    ["100000000.00", 10_000_000_000],
    ["0", 0],
  ])("reads %s yuan as %i fen, exactly", (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  it.each(["1.555", "0.001", "-1.00", "+1.00", "01.00", "00.5", "1e2", "1E-2", "1.", ".5", " 1.00", "1.00 ", "1,000.00", "", "NaN", "Infinity", "0x10", "１.００"])(
    "refuses %j",
    (text) => {
      expect(yuanToFen(text)).toBeNull();
    },
  );

  it("reads negative amounts only when signed, and -0.00 as 0", () => {
    expect(yuanToFen("-0.01", { signed: true })).toBe(-1);
    expect(yuanToFen("-88.8", { signed: true })).toBe(-8880);
    expect(yuanToFen("-0.00", { signed: true })).toBe(0);
    expect(yuanToFen("--1", { signed: true })).toBeNull();
    expect(yuanToFen("-01.00", { signed: true })).toBeNull();
  });

  it.each([
    [1, "0.01"],
    [10, "0.10"],
    [100, "1.00"],
    [1999, "19.99"],
    [9_999_999_999, "99999999.99"],
    [0, "0.00"],
  ])("writes %i fen as %s yuan", (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
    expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it("round-trips every amount a float would get wrong", () => {
    // 0.07 * 100 = 7.000000000000001 and 19.99 * 100 = 1998.9999999999998 in floating point.
    for (let fen = 0; fen <= 5000; fen += 1) expect(yuanToFen(fenToYuan(fen))).toBe(fen);
  });

  it("refuses to write what is not a whole non-negative number of fen", () => {
    expect(() => fenToYuan(1.5)).toThrow(RangeError);
    expect(() => fenToYuan(-1)).toThrow(RangeError);
    expect(() => fenToYuan(Number.NaN)).toThrow(RangeError);
  });
});
