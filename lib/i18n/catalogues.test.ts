import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import zh from "@/messages/zh-CN.json";

/** The argument names a message uses (plural and select branches included), and their kinds. */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select) {
      // A plural and a plain argument of the same name carry the same value; a select needs the same keys.
      into.add(el.value);
      for (const option of Object.values(el.options)) argumentsOf(option.value, into);
    }
    if (el.type === TYPE.tag) argumentsOf(el.children, into);
  }
  return into;
}

/** A nested catalogue as dotted keys ("sale.charge") and their messages. */
function flatten(catalogue: object, prefix = "", into: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(catalogue)) {
    if (typeof value === "string") into[prefix + key] = value;
    else if (value !== null && typeof value === "object") flatten(value as object, `${prefix}${key}.`, into);
    else throw new Error(`${prefix}${key} is neither a message nor a group`);
  }
  return into;
}

const catalogues = { en: flatten(en), "zh-CN": flatten(zh) };

describe("message catalogues", () => {
  it("have the same keys", () => {
    expect(Object.keys(catalogues["zh-CN"]).sort()).toEqual(Object.keys(catalogues.en).sort());
  });

  it.each(Object.keys(catalogues.en))("%s parses as ICU in both languages and uses the same arguments", (key) => {
    const [enArgs, zhArgs] = (["en", "zh-CN"] as const).map((locale) => [...argumentsOf(parse(catalogues[locale][key]!))].sort());
    expect(zhArgs).toEqual(enArgs);
  });

  it("the checks catch a difference (a renamed argument, a missing key, a nested key)", () => {
    expect(Object.keys(flatten({ a: { b: "x" } }))).not.toEqual(Object.keys(flatten({ a: { c: "x" } })));
    expect([...argumentsOf(parse("{left} tries"))]).not.toEqual([...argumentsOf(parse("{count} tries"))]);
    expect([...argumentsOf(parse("{left, plural, one {# try} other {# tries}}"))]).toEqual(["left"]);
  });
});
