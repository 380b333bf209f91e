import Papa from "papaparse";
import { malformedStatement } from "./statement-importer";

/** No line of a statement comes near this; a longer one is an unterminated quote or not a statement. */
const MAX_LINE_CHARS = 64 * 1024;

/**
 * The file's records with the line each starts on, parsed by Papa Parse: each
 * chunk is parsed up to its last complete line, and the rest is carried into
 * the next. A CR before the LF is dropped, so CRLF files read the same.
 * `columns` name the column an error is reported in.
 */
export async function* csvRows(text: AsyncIterable<string>, columns: readonly string[]): AsyncGenerator<{ fields: string[]; line: number }> {
  const parser = new Papa.Parser({ delimiter: ",", newline: "\n", quoteChar: '"' });
  let rest = "";
  let line = 1;
  const take = function* (input: string, final: boolean) {
    const result = parser.parse(input, 0, !final) as Papa.ParseResult<string[]>;
    const firstError = result.errors.find((e) => e.row !== undefined && (final || e.row < result.data.length));
    const rows = result.data;
    for (let i = 0; i < rows.length; i += 1) {
      const fields = rows[i]!;
      if (firstError && firstError.row === i) throw malformedStatement(line, columns[Math.min(fields.length, columns.length) - 1] ?? columns[0]!, `not valid CSV (${firstError.message.toLowerCase()})`);
      const last = fields.length - 1;
      if (fields[last]!.endsWith("\r")) fields[last] = fields[last]!.slice(0, -1);
      yield { fields, line };
      line += 1;
      for (const f of fields) if (f.includes("\n")) line += f.split("\n").length - 1;
    }
    return final ? "" : input.slice(result.meta.cursor);
  };
  for await (const chunk of text) {
    rest = yield* take(rest + chunk, false);
    if (rest.length > MAX_LINE_CHARS) throw malformedStatement(line, columns[0]!, `a line longer than ${MAX_LINE_CHARS} characters (an unterminated quote?)`);
  }
  if (rest !== "") yield* take(rest, true);
}
