import { describe, expect, it } from "vitest";
import { csvCell, csvDecimal, csvDocument, csvLine, pagesOf } from "./csv-writer";

async function textOf(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}

describe("csvCell", () => {
  it.each([
    ["plain", "plain"],
    ['a,"b"', '"a,""b"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["=HYPERLINK(1)", "'=HYPERLINK(1)"],
    ["+1", "'+1"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["=a,b", `"'=a,b"`],
    ["王芳", "王芳"],
  ])("writes %j as %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("writes nothing for a missing value", () => {
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });
});

describe("csvDecimal", () => {
  it("leaves a plain decimal as a number, negative ones too", () => {
    expect(csvLine([csvDecimal("-12.50"), csvDecimal("0"), "-12.50"])).toBe("-12.50,0,'-12.50\r\n");
  });

  it.each(["=1+1", "1e5", "12,50", " 1", ""])("refuses %j", (value) => {
    expect(() => csvDecimal(value)).toThrow();
  });
});

describe("csvDocument", () => {
  it("starts with the BOM and header, then one CRLF line per row, batch by batch", async () => {
    const batches = (async function* () {
      for (const batch of [[{ name: "王芳", amount: "1.00" }], [], [{ name: 'say "hi"', amount: "-2.50" }]]) yield await Promise.resolve(batch);
    })();
    const csv = await textOf(csvDocument(["name", "amount"], batches, (row) => [row.name, csvDecimal(row.amount)]));
    expect(csv).toBe('\uFEFFname,amount\r\n王芳,1.00\r\n"say ""hi""",-2.50\r\n');
  });
});

describe("pagesOf", () => {
  it("follows the cursor until there is none, asking for each page once", async () => {
    const asked: (string | undefined)[] = [];
    const pages = new Map<string, { data: number[]; nextCursor: string | null }>([
      ["first", { data: [1, 2], nextCursor: "b" }],
      ["b", { data: [3], nextCursor: "c" }],
      ["c", { data: [], nextCursor: null }],
    ]);
    const seen: number[][] = [];
    for await (const page of pagesOf((cursor) => {
      asked.push(cursor);
      const page = pages.get(cursor ?? "first");
      return page ? Promise.resolve(page) : Promise.reject(new Error(`no page ${cursor}`));
    }))
      seen.push(page);
    expect(asked).toEqual([undefined, "b", "c"]);
    expect(seen).toEqual([[1, 2], [3], []]);
  });
});
