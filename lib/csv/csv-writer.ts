/**
 * Till's CSV downloads: UTF-8 with a byte-order mark (so that Excel, as shops
 * in China open it, reads Chinese names right), CRLF line ends, cells quoted
 * only when they must be, and no cell a spreadsheet would run as a formula.
 *
 *   const lines = csvDocument(["reference", "amount"], pagesOf(fetchPage), (o) => [o.reference, csvDecimal(o.amount)]);
 *   return csvResponse(lines, "till-orders-2026-11-28.csv");
 */

/** A number written as it is (e.g. "-12.50"), not escaped as text. Make one with csvDecimal. */
export type CsvDecimal = { readonly csvDecimal: string };

/** What a row's cell may hold: text (escaped, formula-safe), nothing, or a decimal. */
export type CsvValue = string | null | undefined | CsvDecimal;

export const CSV_BOM = "\uFEFF";

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A decimal number for a numeric column, left unescaped so that a spreadsheet
 * reads it as a number (a negative amount is not a formula). Anything that is
 * not a plain decimal is refused rather than written raw.
 */
export function csvDecimal(value: string): CsvDecimal {
  if (!DECIMAL.test(value)) throw new Error(`Not a plain decimal for a CSV cell: ${JSON.stringify(value)}`);
  return { csvDecimal: value };
}

/**
 * A text cell: quoted when it holds a comma, quote or line break, and never
 * read as a formula by a spreadsheet (a leading = + - @ tab or CR gets a ').
 */
export function csvCell(value: string | null | undefined): string {
  let text = value ?? "";
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (with its CRLF) from a row's cells. */
export function csvLine(cells: readonly CsvValue[]): string {
  return cells.map((cell) => (typeof cell === "object" && cell !== null ? cell.csvDecimal : csvCell(cell))).join(",") + "\r\n";
}

/**
 * A whole CSV document as chunks: the BOM and header line first, then one
 * chunk per batch of rows. Batches are pulled one at a time, so memory stays
 * flat however many rows there are.
 */
export async function* csvDocument<T>(header: readonly string[], batches: AsyncIterable<readonly T[]>, row: (item: T) => readonly CsvValue[]): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(header);
  for await (const batch of batches) {
    if (batch.length > 0) yield batch.map((item) => csvLine(row(item))).join("");
  }
}

/** The pages of a keyset-paged list, one after the other, until there is no next cursor. */
export async function* pagesOf<T>(fetchPage: (cursor: string | undefined) => Promise<{ data: T[]; nextCursor: string | null }>): AsyncGenerator<T[]> {
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    yield page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
