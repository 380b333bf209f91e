import { AppError } from "@/lib/errors";
import type { StatementMovement } from "@/lib/providers/types";
import { csvRowBatches, type CsvRow } from "./csv-rows";
import { DAY_MS, malformedStatement, utcDayStart, type StatementImporter, type StatementPeriod } from "./statement-importer";

const COLUMNS = ["time", "type", "charge_id", "merchant_ref", "payment_id", "refund_id", "amount", "fee", "net", "currency"] as const;
type Column = (typeof COLUMNS)[number];

const PERIOD_LINE = /^# period: (\S+)\/(\S+)$/;
const WHOLE_SECOND_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const INSTANT_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const MINOR_UNITS = /^\d{1,13}$/;
const SIGNED_MINOR_UNITS = /^-?\d{1,13}$/;
const MERCHANT_REF = /^[0-9A-Za-z_-]{1,64}$/;
const PROVIDER_ID = /^[\x21-\x7e]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * An RFC 3339 UTC instant that is a real calendar time, or null. Read field by
 * field (a million lines a statement): no second parse and no formatting back.
 * Fractions beyond milliseconds are cut, as `Date` does.
 */
function instant(text: string, pattern: RegExp): Date | null {
  if (!pattern.test(text)) return null;
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays) return null;
  const hours = Number(text.slice(11, 13));
  const minutes = Number(text.slice(14, 16));
  const seconds = Number(text.slice(17, 19));
  if (hours > 23 || minutes > 59 || seconds > 59) return null;
  const ms = text.length > 20 ? Number(text.slice(20, Math.min(23, text.length - 1)).padEnd(3, "0")) : 0;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hours, minutes, seconds, ms);
  return date;
}

/**
 * Sandbox Pay's statement CSV (provider-protocol.md): `# period: from/to`, the
 * header, then one line per movement. Parsed with Papa Parse's parser, fed
 * chunk by chunk (only the unfinished last line is carried over), so a file is
 * never held whole in memory.
 */
export const sandboxCsvImporter: StatementImporter = {
  format: "sandbox_csv",

  recognises: (firstLine) => PERIOD_LINE.test(firstLine.trim()) || firstLine.trim() === COLUMNS.join(","),

  async read(text, { date }) {
    const batches = csvRowBatches(text, COLUMNS)[Symbol.asyncIterator]();
    let batch: CsvRow[] = [];
    let at = 0;
    /** The next record of the file, or null at its end (the first lines only; movements take whole batches). */
    const next = async (): Promise<CsvRow | null> => {
      while (at >= batch.length) {
        const r = await batches.next();
        if (r.done) return null;
        batch = r.value;
        at = 0;
      }
      return batch[at++]!;
    };
    let first = await next();
    let filePeriod: StatementPeriod | null = null;
    if (first && first.fields.length === 1 && first.fields[0]!.startsWith("#")) {
      filePeriod = periodOf(first.fields[0]!, first.line);
      first = await next();
    }
    if (!first) throw malformedStatement(filePeriod ? 2 : 1, "time", "the header line is missing");
    const index = headerIndex(first.fields, first.line);
    const period = reconcilePeriod(filePeriod, date);
    const read = movementReader(index, period);

    async function* movements(): AsyncGenerator<StatementMovement[]> {
      for (;;) {
        const rows = at === 0 ? batch : batch.slice(at);
        at = batch.length;
        const out: StatementMovement[] = [];
        for (const row of rows) if (!(row.fields.length === 1 && row.fields[0] === "")) out.push(read(row.fields, row.line));
        if (out.length > 0) yield out;
        const r = await batches.next();
        if (r.done) return;
        batch = r.value;
        at = 0;
      }
    }
    return { period, movements: movements() };
  },
};

/** The period a `# period:` line states; a malformed one is line 1's error. */
function periodOf(text: string, line: number): StatementPeriod {
  const m = PERIOD_LINE.exec(text.trim());
  const start = m ? instant(m[1]!, WHOLE_SECOND_UTC) : null;
  const end = m ? instant(m[2]!, WHOLE_SECOND_UTC) : null;
  if (!start || !end || end <= start || end.getTime() - start.getTime() > DAY_MS || start.getTime() % DAY_MS !== 0) {
    throw malformedStatement(line, "period", "expected `# period: <start of a UTC day>/<a later instant within it>`, RFC 3339 UTC whole seconds");
  }
  return { start, end };
}

/** The file's own period wins; `date` must then name its day. Without one, `date` names a whole UTC day. */
function reconcilePeriod(filePeriod: StatementPeriod | null, date: string | undefined): StatementPeriod {
  if (filePeriod) {
    if (date !== undefined && filePeriod.start.toISOString().slice(0, 10) !== date) {
      throw new AppError("invalid_request", `date: ${date} is not the day the file covers (${filePeriod.start.toISOString().slice(0, 10)})`, {
        errors: [{ path: "date", message: "differs from the file's period" }],
      });
    }
    return filePeriod;
  }
  const start = date === undefined ? null : utcDayStart(date);
  if (!start) {
    throw new AppError("invalid_request", "date: required (YYYY-MM-DD) when the file does not state its period", {
      errors: [{ path: "date", message: "required when the file has no `# period:` line" }],
    });
  }
  return { start, end: new Date(start.getTime() + DAY_MS) };
}

function headerIndex(fields: string[], line: number): Record<Column, number> {
  const index = {} as Record<Column, number>;
  for (const column of COLUMNS) {
    const at = fields.findIndex((f) => f.trim() === column);
    if (at < 0) throw malformedStatement(line, column, `the header has no column "${column}"`);
    index[column] = at;
  }
  if (fields.length !== COLUMNS.length) throw malformedStatement(line, fields[COLUMNS.length] ?? "header", `the header has ${fields.length} columns, expected ${COLUMNS.length}`);
  return index;
}

/**
 * Reads movement lines of a file whose header gave `index`. A statement's
 * lines come in time order, many to a second: a time the line before had
 * already been read is not read again.
 */
function movementReader(index: Record<Column, number>, period: StatementPeriod): (fields: string[], line: number) => StatementMovement {
  const at = COLUMNS.map((c) => index[c]);
  const [iTime, iType, iCharge, iRef, iPayment, iRefund, iAmount, iFee, iNet, iCurrency] = at as [number, number, number, number, number, number, number, number, number, number];
  const start = period.start.getTime();
  const end = period.end.getTime();
  let lastText: string | null = null;
  let lastMs = 0;
  return (fields, line) => {
    if (fields.length !== COLUMNS.length) {
      const column = fields.length < COLUMNS.length ? COLUMNS.find((c) => index[c] >= fields.length)! : "currency";
      throw malformedStatement(line, column, `${fields.length} columns, expected ${COLUMNS.length}`);
    }
    const timeText = fields[iTime]!;
    if (timeText !== lastText) {
      const time = instant(timeText, INSTANT_UTC);
      if (!time) throw malformedStatement(line, "time", "not an RFC 3339 UTC time");
      lastText = timeText;
      lastMs = time.getTime();
    }
    if (lastMs < start || lastMs >= end) throw malformedStatement(line, "time", "outside the statement's period");
    const type = fields[iType]!;
    if (type !== "PAYMENT" && type !== "REFUND") throw malformedStatement(line, "type", "expected PAYMENT or REFUND");
    const chargeId = fields[iCharge]!;
    if (!PROVIDER_ID.test(chargeId)) throw malformedStatement(line, "charge_id", "expected an id of 1 to 64 visible characters");
    const merchantRef = fields[iRef]!;
    if (!MERCHANT_REF.test(merchantRef)) throw malformedStatement(line, "merchant_ref", "expected 1 to 64 of [0-9A-Za-z_-]");
    const paymentId = fields[iPayment]!;
    if (!PROVIDER_ID.test(paymentId)) throw malformedStatement(line, "payment_id", "expected an id of 1 to 64 visible characters");
    const refundId = fields[iRefund]!;
    if (type === "PAYMENT" ? refundId !== "" : !PROVIDER_ID.test(refundId)) {
      throw malformedStatement(line, "refund_id", type === "PAYMENT" ? "must be empty on a PAYMENT line" : "expected the refund's id on a REFUND line");
    }
    const amount = units(fields[iAmount]!, line, "amount", MINOR_UNITS);
    if (amount === 0) throw malformedStatement(line, "amount", "must be above 0");
    const fee = units(fields[iFee]!, line, "fee", MINOR_UNITS);
    const net = units(fields[iNet]!, line, "net", SIGNED_MINOR_UNITS);
    if (net !== (type === "PAYMENT" ? amount - fee : -amount)) throw malformedStatement(line, "net", type === "PAYMENT" ? "must be amount − fee" : "must be −amount");
    const currency = fields[iCurrency]!;
    if (!CURRENCY.test(currency)) throw malformedStatement(line, "currency", "expected an ISO 4217 code");
    return { lineNo: line, time: new Date(lastMs), type, providerChargeId: chargeId, merchantRef, providerPaymentId: paymentId, providerRefundId: type === "REFUND" ? refundId : null, amount, fee, net, currency };
  };
}

function units(text: string, line: number, column: Column, pattern: RegExp): number {
  if (!pattern.test(text)) throw malformedStatement(line, column, "expected an integer of minor units");
  return Number(text);
}
