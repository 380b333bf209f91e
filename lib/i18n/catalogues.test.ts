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

type Tree = { [key: string]: string | Tree };

/**
 * A catalogue as dotted keys ("orderList.status.paid") and their messages, the
 * way next-intl reads nested namespaces. A value that is neither a message nor
 * a namespace is listed under its key with a marker, so that it fails the
 * comparison instead of vanishing from it.
 */
function flatten(tree: unknown, prefix = "", into: Record<string, string> = {}): Record<string, string> {
  for (const [key, value] of Object.entries(tree as Tree)) {
    const path = prefix + key;
    if (typeof value === "string") into[path] = value;
    else if (value !== null && typeof value === "object" && !Array.isArray(value)) flatten(value, `${path}.`, into);
    else into[path] = `<not a message: ${JSON.stringify(value)}>`;
  }
  return into;
}

const catalogues = { en: flatten(en), "zh-CN": flatten(zh) };

/** The differences between two flattened catalogues: keys only one has, and keys whose arguments differ. */
function differences(a: Record<string, string>, b: Record<string, string>): string[] {
  const found: string[] = [];
  for (const key of Object.keys(a)) if (!(key in b)) found.push(`only in the first: ${key}`);
  for (const key of Object.keys(b)) if (!(key in a)) found.push(`only in the second: ${key}`);
  for (const key of Object.keys(a)) {
    if (!(key in b)) continue;
    const [argsA, argsB] = [a[key]!, b[key]!].map((message) => [...argumentsOf(parse(message))].sort().join(","));
    if (argsA !== argsB) found.push(`${key}: {${argsA}} vs {${argsB}}`);
  }
  return found;
}

describe("message catalogues", () => {
  it("have the same keys, nested namespaces included", () => {
    expect(Object.keys(catalogues["zh-CN"]).sort()).toEqual(Object.keys(catalogues.en).sort());
    expect(differences(catalogues.en, catalogues["zh-CN"])).toEqual([]);
  });

  it.each(Object.keys(catalogues.en))("%s parses as ICU in both languages and uses the same arguments", (key) => {
    const [enArgs, zhArgs] = (["en", "zh-CN"] as const).map((locale) => [...argumentsOf(parse(catalogues[locale][key]!))].sort());
    expect(zhArgs).toEqual(enArgs);
  });

  it("every message is a string: a namespace holds messages or namespaces, nothing else", () => {
    for (const catalogue of Object.values(catalogues)) expect(Object.values(catalogue).filter((m) => m.startsWith("<not a message"))).toEqual([]);
  });

  it("the checks catch a difference (a renamed argument, a missing key)", () => {
    expect([...argumentsOf(parse("{left} tries"))]).not.toEqual([...argumentsOf(parse("{count} tries"))]);
    expect([...argumentsOf(parse("{left, plural, one {# try} other {# tries}}"))]).toEqual(["left"]);
  });

  it("the checks reach into nested namespaces: a key missing there, or a renamed argument there, is a difference", () => {
    const reference = flatten({ top: "x", orderList: { summary: "{count} orders", status: { paid: "Paid" } } });
    expect(Object.keys(reference).sort()).toEqual(["orderList.status.paid", "orderList.summary", "top"]);
    expect(differences(reference, flatten({ top: "x", orderList: { summary: "{count} 笔", status: { paid: "已付款" } } }))).toEqual([]);
    expect(differences(reference, flatten({ top: "x", orderList: { summary: "{count} 笔", status: {} } }))).toEqual(["only in the first: orderList.status.paid"]);
    expect(differences(reference, flatten({ top: "x", orderList: { summary: "{n} 笔", status: { paid: "已付款" } } }))).toEqual(["orderList.summary: {count} vs {n}"]);
    expect(flatten({ n: 5 })).toEqual({ n: "<not a message: 5>" });
  });
});
