import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { csvRowBatches, MAX_BATCH_CHARS, type CsvRow } from "./csv-rows";

const COLUMNS = ["time", "amount"] as const;

/** The whole text as one chunk, however large. */
const once = (text: string): AsyncIterable<string> => Readable.from([text], { objectMode: true }) as AsyncIterable<string>;

async function batchesOf(text: AsyncIterable<string>): Promise<CsvRow[][]> {
  const batches: CsvRow[][] = [];
  for await (const batch of csvRowBatches(text, COLUMNS)) batches.push(batch);
  return batches;
}

describe("csvRowBatches", () => {
  it("parses one huge chunk a slice at a time: no batch holds more than a slice's lines, and none is lost", async () => {
    const line = "2026-11-22T08:00:00Z,12345\n";
    const count = Math.ceil((3 * MAX_BATCH_CHARS) / line.length) + 17;
    const batches = await batchesOf(once(line.repeat(count)));

    expect(batches.length).toBeGreaterThanOrEqual(3);
    for (const batch of batches) expect(batch.length).toBeLessThanOrEqual(Math.ceil(MAX_BATCH_CHARS / line.length));
    const rows = batches.flat();
    expect(rows).toHaveLength(count);
    expect(rows.map((r) => r.line)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
    expect(rows.every((r) => r.fields[0] === "2026-11-22T08:00:00Z" && r.fields[1] === "12345")).toBe(true);
  });

  it("keeps a line cut between two slices whole, and a quoted field's line breaks in its line count", async () => {
    const head = "a".repeat(MAX_BATCH_CHARS - 3) + ",1\n";
    const text = `${head}"two\nlines",2\nlast,3\r\n`;
    const rows = (await batchesOf(once(text))).flat();

    expect(rows.map((r) => r.fields)).toEqual([["a".repeat(MAX_BATCH_CHARS - 3), "1"], ["two\nlines", "2"], ["last", "3"]]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});
