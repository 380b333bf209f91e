import { AppError } from "@/lib/errors";
import type { StatementMovement } from "@/lib/providers/types";

/** The half-open span of provider time a statement covers: [start, end). */
export type StatementPeriod = { start: Date; end: Date };

/** A statement being read: its period (from its first lines) and its movements, in batches as they are read. */
export type StatementFile = {
  period: StatementPeriod;
  /** The provider day the file covers, when it is not the UTC day its period starts on (WeChat Pay's and Alipay's days are China Standard Time). */
  day?: string;
  movements: AsyncIterable<StatementMovement[]>;
};

/**
 * One statement format: Sandbox Pay's CSV, WeChat Pay's trade bill and
 * Alipay's business-detail bill, each an importer of its own. An importer
 * only reads: it turns text into movements, streamed, and rejects a malformed
 * file naming the line and the column. Storing and matching are the same for
 * every format (import-statement.ts).
 */
export interface StatementImporter {
  /** Stored with the import, e.g. "sandbox_csv". */
  readonly format: string;
  /** True when a file whose first line is this is in this importer's format. */
  recognises(firstLine: string): boolean;
  /**
   * Reads the file's text (chunks, in order). `date` is the provider day the
   * caller says the file covers: required when the file does not say its period.
   */
  read(text: AsyncIterable<string>, options: { date?: string }): Promise<StatementFile>;
}

/** A malformed statement: 422 naming the line (1-based, the file's own numbering) and the column. */
export function malformedStatement(line: number, column: string, message: string): AppError {
  return new AppError("invalid_request", `line ${line}, column ${column}: ${message}`, {
    errors: [{ path: `line.${line}.${column}`, message }],
    extra: { line, column },
  });
}

/** `YYYY-MM-DD` of a real calendar day → the start of that UTC day; null otherwise. */
export function utcDayStart(day: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return start.toISOString().slice(0, 10) === day ? start : null;
}

export const DAY_MS = 86_400_000;
