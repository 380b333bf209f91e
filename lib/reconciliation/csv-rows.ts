import Papa from "papaparse";
import { malformedStatement } from "./statement-importer";

/** No line of a statement comes near this; a longer one is an unterminated quote or not a statement. */
const MAX_LINE_CHARS = 64 * 1024;
/**
 * Text parsed at a time: a batch never holds more rows than this much text
 * (about 2,800 Sandbox Pay lines), however large a chunk the stream hands over.
 */
export const MAX_BATCH_CHARS = 256 * 1024;

export type CsvRow = { fields: string[]; line: number };

/**
 * The file's records with the line each starts on, parsed by Papa Parse, a
 * batch per chunk of text: each chunk is parsed up to its last complete line,
 * and the rest is carried into the next. A CR before the LF is dropped, so
 * CRLF files read the same. `columns` name the column an error is reported in.
 * Batches, not single records: a million-line statement would otherwise take
 * a million turns of an async generator. A chunk longer than MAX_BATCH_CHARS
 * is parsed a slice at a time, so one huge chunk never makes one huge batch.
 */
export async function* csvRowBatches(text: AsyncIterable<string>, columns: readonly string[]): AsyncGenerator<CsvRow[]> {
  const parser = new Papa.Parser({ delimiter: ",", newline: "\n", quoteChar: '"' });
  let rest = "";
  let line = 1;
  type Taken = { rows: CsvRow[]; rest: string; error?: Error };
  const take = (input: string, final: boolean): Taken => {
    const result = parser.parse(input, 0, !final) as Papa.ParseResult<string[]>;
    const firstError = result.errors.find((e) => e.row !== undefined && (final || e.row < result.data.length));
    // Without a quote no field can span lines.
    const quoted = input.includes('"');
    const data = result.data;
    const rows: CsvRow[] = new Array<CsvRow>(data.length);
    for (let i = 0; i < data.length; i += 1) {
      const fields = data[i]!;
      if (firstError && firstError.row === i) {
        // The records before the malformed one are still good: they go first, then the error.
        rows.length = i;
        return { rows, rest: "", error: malformedStatement(line, columns[Math.min(fields.length, columns.length) - 1] ?? columns[0]!, `not valid CSV (${firstError.message.toLowerCase()})`) };
      }
      const last = fields.length - 1;
      const end = fields[last]!;
      if (end.charCodeAt(end.length - 1) === 13) fields[last] = end.slice(0, -1);
      rows[i] = { fields, line };
      line += 1;
      if (quoted) for (const f of fields) if (f.includes("\n")) line += f.split("\n").length - 1;
    }
    return { rows, rest: final ? "" : input.slice(result.meta.cursor) };
  };
  const emit = function* (taken: Taken) {
    if (taken.rows.length > 0) yield taken.rows;
    if (taken.error) throw taken.error;
    return taken.rest;
  };
  for await (const chunk of text) {
    for (let at = 0; at < chunk.length; at += MAX_BATCH_CHARS) {
      rest = yield* emit(take(rest + chunk.slice(at, at + MAX_BATCH_CHARS), false));
      if (rest.length > MAX_LINE_CHARS) throw malformedStatement(line, columns[0]!, `a line longer than ${MAX_LINE_CHARS} characters (an unterminated quote?)`);
    }
  }
  if (rest !== "") yield* emit(take(rest, true));
}

/** The file's records one by one, with the line each starts on (csvRowBatches). */
export async function* csvRows(text: AsyncIterable<string>, columns: readonly string[]): AsyncGenerator<CsvRow> {
  for await (const rows of csvRowBatches(text, columns)) yield* rows;
}
