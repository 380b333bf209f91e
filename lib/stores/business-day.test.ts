import { describe, expect, it } from "vitest";
import { businessDayOf, businessDayRange, isCalendarDay, nextDay, previousDay, zonedTimestamp } from "./business-day";

describe("business days", () => {
  it.each([
    ["2026-11-28", true],
    ["2028-02-29", true],
    ["2026-02-29", false],
    ["2026-02-31", false],
    ["2026-13-01", false],
    ["2026-1-01", false],
    ["20261128", false],
    ["2026-11-28T00:00", false],
    ["", false],
  ])("%s is a calendar day: %s", (text, expected) => {
    expect(isCalendarDay(text)).toBe(expected);
  });

  it.each([
    // Midnight in Shanghai is 16:00 UTC the day before; Shanghai has no clock changes.
    ["Asia/Shanghai", "2026-11-28", "2026-11-27T16:00:00.000Z", "2026-11-28T16:00:00.000Z"],
    ["UTC", "2026-11-28", "2026-11-28T00:00:00.000Z", "2026-11-29T00:00:00.000Z"],
    ["America/New_York", "2026-11-28", "2026-11-28T05:00:00.000Z", "2026-11-29T05:00:00.000Z"],
    // The day clocks go forward is 23 hours long, the day they go back 25.
    ["America/New_York", "2026-03-08", "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z"],
    ["America/New_York", "2026-11-01", "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z"],
    // Santiago moves its clocks at midnight: 2026-09-06 has no 00:00 and starts at 01:00 local.
    ["America/Santiago", "2026-09-06", "2026-09-06T04:00:00.000Z", "2026-09-07T03:00:00.000Z"],
    ["Asia/Kolkata", "2026-01-01", "2025-12-31T18:30:00.000Z", "2026-01-01T18:30:00.000Z"],
  ])("in %s, %s is [%s, %s)", (timeZone, day, start, end) => {
    const range = businessDayRange(day, timeZone);
    expect({ start: range.start.toISOString(), end: range.end.toISOString() }).toEqual({ start, end });
    expect(businessDayOf(range.start, timeZone)).toBe(day);
    expect(businessDayOf(new Date(range.end.getTime() - 1), timeZone)).toBe(day);
    expect(businessDayOf(range.end, timeZone)).toBe(nextDay(day));
  });

  it("the same instant is on different days in Shanghai and in UTC", () => {
    const at = new Date("2026-11-27T17:30:00.000Z");
    expect(businessDayOf(at, "Asia/Shanghai")).toBe("2026-11-28");
    expect(businessDayOf(at, "UTC")).toBe("2026-11-27");
  });

  it("steps across month and year ends", () => {
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(previousDay("2027-03-01")).toBe("2027-02-28");
    expect(previousDay("2028-03-01")).toBe("2028-02-29");
  });

  it("refuses a day that is not one", () => {
    expect(() => businessDayRange("2026-02-30", "UTC")).toThrow(RangeError);
  });
});

describe("zonedTimestamp", () => {
  it.each([
    ["2026-11-28T01:15:03.999Z", "Asia/Shanghai", "2026-11-28T09:15:03+08:00"],
    ["2026-11-27T17:00:00.000Z", "Asia/Shanghai", "2026-11-28T01:00:00+08:00"],
    ["2026-11-28T01:15:03.000Z", "UTC", "2026-11-28T01:15:03+00:00"],
    ["2026-07-01T12:00:00.000Z", "America/New_York", "2026-07-01T08:00:00-04:00"],
    ["2026-12-01T12:00:00.000Z", "America/New_York", "2026-12-01T07:00:00-05:00"],
    ["2026-11-28T01:15:00.000Z", "Asia/Kolkata", "2026-11-28T06:45:00+05:30"],
  ])("writes %s in %s as %s, the same instant to the second", (iso, zone, expected) => {
    expect(zonedTimestamp(new Date(iso), zone)).toBe(expected);
    expect(Date.parse(expected)).toBe(Math.floor(Date.parse(iso) / 1000) * 1000);
  });
});
