import { describe, expect, it } from "vitest";
import { cn } from "./cn";

describe("cn: the caller's class wins", () => {
  it.each([
    [["min-h-16 bg-white text-2xl ring-1 ring-slate-200", "bg-brand text-base text-white ring-brand"], "min-h-16 ring-1 bg-brand text-base text-white ring-brand"],
    [["px-2 py-1", "p-4"], "p-4"],
    [["active:bg-slate-200", "active:bg-brand-dark"], "active:bg-brand-dark"],
    [["rounded-xl", false, undefined, "font-semibold"], "rounded-xl font-semibold"],
  ] as const)("%j → %s", (inputs, expected) => {
    expect(cn(...inputs)).toBe(expected);
  });
});
