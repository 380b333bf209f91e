import { AppError } from "@/lib/errors";
import type { StatementMovement } from "@/lib/providers/types";
import { chinaDayPeriod, parseChinaLocalTime } from "@/lib/providers/wechat/time";
import { malformedStatement, type StatementImporter, type StatementPeriod } from "./statement-importer";
import { textLines } from "./text-lines";

/** The ALL trade bill's header (WeChat Pay's bill-format documentation), column by column. */
export const WECHAT_BILL_COLUMNS = [
  "交易时间", "公众账号ID", "商户号", "特约商户号", "设备号", "微信订单号", "商户订单号", "用户标识", "交易类型", "交易状态",
  "付款银行", "货币种类", "应结订单金额", "代金券金额", "微信退款单号", "商户退款单号", "退款金额", "充值券退款金额", "退款类型", "退款状态",
  "商品名称", "商户数据包", "手续费", "费率", "订单金额", "申请退款金额", "费率备注",
] as const;
type Column = (typeof WECHAT_BILL_COLUMNS)[number];

/** The summary's columns and the detail column (or the line count) each one totals. */
export const WECHAT_SUMMARY_COLUMNS = ["总交易单数", "应结订单总金额", "退款总金额", "充值券退款总金额", "手续费总金额", "订单总金额", "申请退款总金额"] as const;
const TOTALS: Record<(typeof WECHAT_SUMMARY_COLUMNS)[number], Column | null> = {
  总交易单数: null,
  应结订单总金额: "应结订单金额",
  退款总金额: "退款金额",
  充值券退款总金额: "充值券退款金额",
  手续费总金额: "手续费",
  订单总金额: "订单金额",
  申请退款总金额: "申请退款金额",
};
/** 手续费 is written with five decimals (`0.01000`), every other amount with two. */
const DECIMALS = (column: Column) => (column === "手续费" ? 5 : 2);
const AT = Object.fromEntries(WECHAT_BILL_COLUMNS.map((c, i) => [c, i])) as Record<Column, number>;
const PROVIDER_ID = /^[\x21-\x7e]{1,64}$/;
const CURRENCY = /^[A-Z]{3}$/;
const BATCH = 2_000;

/**
 * An amount of yuan as written in the bill → an integer of 10^-decimals yuan,
 * exactly, from its digits (fen for two decimals). Null when it is not a plain
 * decimal with at most that many places.
 */
export function billUnits(text: string, decimals: number): number | null {
  const m = /^(-?)(\d{1,12})(?:\.(\d+))?$/.exec(text);
  if (!m || (m[3] ?? "").length > decimals) return null;
  const units = Number(m[2]! + (m[3] ?? "").padEnd(decimals, "0"));
  return m[1] && units !== 0 ? -units : units;
}

/** Units of 10^-decimals yuan as the bill writes them, exactly. */
function unitsText(units: number, decimals: number): string {
  const digits = Math.abs(units).toString().padStart(decimals + 1, "0");
  return `${units < 0 ? "-" : ""}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

/** A line of the bill as its cells: each written after a backtick (`` `2019-06-11 10:00:00,`wx…``). */
function cellsOf(line: string): string[] | null {
  return line.startsWith("`") ? line.slice(1).split(",`") : null;
}

/**
 * WeChat Pay's trade bill (交易账单, bill_type ALL): the Chinese header, one line
 * per payment and per refund with every cell after a backtick, amounts in yuan,
 * then the summary header and the summary line, which must agree with the
 * lines (else 422 naming the summary's line and column). Streamed line by line.
 * Payments count at 订单金额 (what the order asked), refunds at 申请退款金额
 * (what Till asked back); a refund line counts once its 退款状态 is SUCCESS.
 */
export const wechatBillImporter: StatementImporter = {
  format: "wechat_tradebill",

  recognises: (firstLine) => firstLine.replace(/^\uFEFF/, "").startsWith("交易时间,公众账号ID,商户号,"),

  async read(text, { date }) {
    const lines = textLines(text)[Symbol.asyncIterator]();
    let lastLine = 0;
    const next = async () => {
      const r = await lines.next();
      if (r.done) return null;
      lastLine = r.value.number;
      return r.value;
    };
    const header = await next();
    if (!header || header.text.replace(/`/g, "") !== WECHAT_BILL_COLUMNS.join(",")) {
      throw malformedStatement(1, "交易时间", `expected the header of the ALL trade bill (${WECHAT_BILL_COLUMNS.length} columns, 交易时间 … 费率备注)`);
    }
    let pending = await next();
    const { day, period } = periodOf(date, pending);
    const totals = new Map<Column | null, number>();

    async function* movements(): AsyncGenerator<StatementMovement[]> {
      let batch: StatementMovement[] = [];
      for (; pending; pending = await next()) {
        const { text: line, number } = pending;
        if (line.replace(/`/g, "") === WECHAT_SUMMARY_COLUMNS.join(",")) break;
        const cells = cellsOf(line);
        if (!cells) throw malformedStatement(number, "交易时间", "expected a line of cells each after a backtick, or the summary header");
        const movement = movementOf(cells, number, period, totals);
        if (movement) batch.push(movement);
        if (batch.length >= BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (!pending) throw malformedStatement(lastLine + 1, "总交易单数", "the summary header and line are missing");
      const summaryAt = pending.number + 1;
      checkSummary(await next(), summaryAt, totals);
      for (let rest = await next(); rest; rest = await next()) {
        if (rest.text.trim() !== "") throw malformedStatement(rest.number, "总交易单数", "nothing may follow the summary line");
      }
      if (batch.length > 0) yield batch;
    }
    return { period, day, movements: movements() };
  },
};

/**
 * The China day the bill covers: `date` when the caller names it (payments
 * must then lie in it), else the day of the first line's 交易时间.
 */
function periodOf(date: string | undefined, first: { text: string; number: number } | null): { day: string; period: StatementPeriod } {
  const day = date ?? cellsOf(first?.text ?? "")?.[0]?.slice(0, 10);
  const period = day === undefined ? null : chinaDayPeriod(day);
  if (!day || !period) {
    throw new AppError("invalid_request", "date: required (YYYY-MM-DD, a China day) when the bill has no lines to tell it", {
      errors: [{ path: "date", message: date === undefined ? "required" : "not a day" }],
    });
  }
  return { day, period };
}

function movementOf(cells: string[], line: number, period: StatementPeriod, totals: Map<Column | null, number>): StatementMovement | null {
  // Files end each line with an empty cell after the last column, or not.
  if (cells.length === WECHAT_BILL_COLUMNS.length + 1 && cells.at(-1) === "") cells.pop();
  if (cells.length !== WECHAT_BILL_COLUMNS.length) {
    throw malformedStatement(line, WECHAT_BILL_COLUMNS[Math.min(cells.length, WECHAT_BILL_COLUMNS.length) - 1]!, `${cells.length} cells, expected ${WECHAT_BILL_COLUMNS.length}`);
  }
  const cell = (c: Column) => cells[AT[c]]!;
  const amount = (c: Column): number => {
    const units = billUnits(cell(c), DECIMALS(c));
    if (units === null) throw malformedStatement(line, c, `expected an amount of yuan with at most ${DECIMALS(c)} decimals`);
    return units;
  };
  totals.set(null, (totals.get(null) ?? 0) + 1);
  for (const c of Object.values(TOTALS)) if (c) totals.set(c, (totals.get(c) ?? 0) + amount(c));

  const time = parseChinaLocalTime(cell("交易时间"));
  if (!time) throw malformedStatement(line, "交易时间", "expected yyyy-MM-dd HH:mm:ss");
  const state = cell("交易状态");
  if (state === "REVOKED") return null;
  if (state !== "SUCCESS" && state !== "REFUND") throw malformedStatement(line, "交易状态", "expected SUCCESS, REFUND or REVOKED");
  if (state === "SUCCESS" && (time < period.start || time >= period.end)) throw malformedStatement(line, "交易时间", "a payment outside the bill's day");
  if (state === "REFUND" && cell("退款状态") !== "SUCCESS") return null;
  const id = (c: Column) => {
    if (!PROVIDER_ID.test(cell(c))) throw malformedStatement(line, c, "expected an id of 1 to 64 visible characters");
    return cell(c);
  };
  const currency = cell("货币种类");
  if (!CURRENCY.test(currency)) throw malformedStatement(line, "货币种类", "expected an ISO 4217 code");
  const feeUnits = Math.abs(amount("手续费"));
  // 手续费 is written to 0.00001 yuan but charged in whole fen.
  if (feeUnits % 1_000 !== 0) throw malformedStatement(line, "手续费", "not a whole number of fen");
  const fee = feeUnits / 1_000;
  const base = { lineNo: line, time, providerChargeId: id("商户订单号"), merchantRef: id("商户订单号"), providerPaymentId: id("微信订单号"), currency };
  if (state === "SUCCESS") {
    const total = amount("订单金额");
    if (total <= 0) throw malformedStatement(line, "订单金额", "must be above 0 on a payment line");
    return { ...base, type: "PAYMENT", providerRefundId: null, amount: total, fee, net: amount("应结订单金额") - fee };
  }
  const asked = amount("申请退款金额");
  if (asked <= 0) throw malformedStatement(line, "申请退款金额", "must be above 0 on a refund line");
  return { ...base, type: "REFUND", providerRefundId: id("微信退款单号"), amount: asked, fee, net: -amount("退款金额") };
}

/** The summary line's figures must be the count and the sums of every detail line. */
function checkSummary(summary: { text: string; number: number } | null, line: number, totals: Map<Column | null, number>): void {
  const cells = cellsOf(summary?.text ?? "");
  if (!summary || !cells) throw malformedStatement(line, "总交易单数", "expected the summary line after its header");
  if (cells.length === WECHAT_SUMMARY_COLUMNS.length + 1 && cells.at(-1) === "") cells.pop();
  if (cells.length !== WECHAT_SUMMARY_COLUMNS.length) throw malformedStatement(line, "总交易单数", `${cells.length} cells, expected ${WECHAT_SUMMARY_COLUMNS.length}`);
  WECHAT_SUMMARY_COLUMNS.forEach((column, i) => {
    const of = TOTALS[column];
    const stated = of === null ? (/^\d{1,9}$/.test(cells[i]!) ? Number(cells[i]) : null) : billUnits(cells[i]!, DECIMALS(of));
    if (stated === null) throw malformedStatement(line, column, of === null ? "expected a count" : "expected an amount of yuan");
    const actual = totals.get(of) ?? 0;
    if (stated !== actual) throw malformedStatement(line, column, `states ${cells[i]}, but the lines add up to ${of === null ? actual : unitsText(actual, DECIMALS(of))}`);
  });
}
