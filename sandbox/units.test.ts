import { describe, expect, it } from "vitest";
import { currencyExponent, isCurrency } from "./currencies";
import { newId } from "./db";
import { formatMoney, minorToDecimal, paymentFee } from "./money";
import { esc } from "./phone-page";
import { pickLang } from "./phone-i18n";
import { nextAttempt, OFFSETS_S } from "./retry-schedule";
import { rfc3339 } from "./time";

describe("retry schedule", () => {
  it("is 0, 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, then hourly, last at 24 h", () => {
    expect(OFFSETS_S.slice(0, 8)).toEqual([0, 5, 35, 155, 755, 2555, 6155, 9755]);
    expect(OFFSETS_S.at(-2)).toBe(6155 + 22 * 3600);
    expect(OFFSETS_S.at(-1)).toBe(86_400);
    expect(OFFSETS_S).toHaveLength(30);
  });

  it.each([
    // [slot just tried, now (s after first), expected next slot, expected at (s)]
    [0, 0.2, 1, 5],
    [1, 5.1, 2, 35],
    [6, 6155, 7, 9755],
    [0, 10, 1, 10], // the first attempt hung 10 s: retry now, not later
    [1, 200, 3, 200], // down for a while: the missed slots collapse into one attempt now
  ])("after slot %d failed at +%d s → slot %d at +%d s", (slot, now, nextSlot, at) => {
    expect(nextAttempt(0, slot, now * 1000, 1)).toEqual({ slot: nextSlot, at: at * 1000 });
  });

  it("gives up once 24 h have passed, and scales every delay", () => {
    expect(nextAttempt(0, 29, 86_400_000, 1)).toBeNull();
    expect(nextAttempt(0, 3, 90_000_000, 1)).toBeNull();
    expect(nextAttempt(1_000, 0, 1_000, 0.01)).toEqual({ slot: 1, at: 1_050 });
    expect(nextAttempt(0, 28, 800, 0.01)).toEqual({ slot: 29, at: 864_000 });
  });
});

describe("money", () => {
  it.each([
    [2350, 14], // 14.1
    [250, 2], // 1.5 → half-up
    [83, 0], // 0.498
    [84, 1], // 0.504
    [1, 0],
    [1_000_000, 6000],
    [999_999_999_999, 6_000_000_000], // 5999999999.994
  ])("fee of %d is %d", (amount, fee) => expect(paymentFee(amount)).toBe(fee));

  it.each([
    [2350, "CNY", "23.50"],
    [5, "CNY", "0.05"],
    [500, "JPY", "500"],
    [1500, "KWD", "1.500"],
    [1, "CLF", "0.0001"],
  ])("%d %s is %s", (amount, currency, text) => expect(minorToDecimal(amount, currency)).toBe(text));

  it("formats with Intl and the ISO exponent", () => {
    expect(formatMoney(2350, "CNY", "zh-CN")).toBe("¥23.50");
    expect(formatMoney(2350, "USD", "en-US")).toBe("$23.50");
    expect(formatMoney(500, "JPY", "en-US")).toBe("¥500");
    expect(formatMoney(123456789012345, "CNY", "en-US")).toBe("CN¥1,234,567,890,123.45");
  });

  it("knows real ISO 4217 codes only", () => {
    expect(["CNY", "USD", "EUR", "JPY", "KWD", "BRL"].every(isCurrency)).toBe(true);
    expect(["XYZ", "cny", "RMB", "XAU", ""].some(isCurrency)).toBe(false);
    expect(currencyExponent("JPY")).toBe(0);
  });
});

describe("small helpers", () => {
  it("ids have their prefix and 24 random base-36 characters", () => {
    const ids = new Set(Array.from({ length: 1000 }, () => newId("evt")));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^evt_[0-9a-z]{24}$/);
  });

  it("times are RFC 3339 UTC in whole seconds", () => {
    expect(rfc3339(Date.parse("2026-11-22T08:15:00.999Z"))).toBe("2026-11-22T08:15:00Z");
  });

  it.each([
    ["zh-CN,zh;q=0.9,en;q=0.8", "zh"],
    ["zh-Hant-TW", "zh"],
    ["en-US,en;q=0.9,zh-CN;q=0.8", "en"],
    ["fr-FR,zh;q=0.5", "zh"],
    ["en;q=0.4,zh;q=0.6", "zh"],
    ["de", "en"],
    ["", "en"],
  ])("Accept-Language %j → %s", (header, lang) => expect(pickLang(null, header)).toBe(lang));

  it("escapes HTML", () => expect(esc(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"));
});
