import { AppError } from "@/lib/errors";
import { toDecimalString } from "@/lib/money";
import { yuanToFen } from "@/lib/providers/alipay/amount";
import { alipayRefundId } from "@/lib/providers/alipay/ids";
import { fromChinaTime } from "@/lib/providers/alipay/time";
import type { StatementMovement } from "@/lib/providers/types";
import { csvRows } from "./csv-rows";
import { DAY_MS, malformedStatement, type StatementImporter, type StatementPeriod } from "./statement-importer";

/** The business-detail bill's columns, in Alipay's order (full-width parentheses). */
const COLUMNS = [
  "支付宝交易号", "商户订单号", "业务类型", "商品名称", "创建时间", "完成时间", "门店编号", "门店名称", "操作员", "终端号", "对方账户",
  "订单金额（元）", "商家实收（元）", "支付宝红包（元）", "集分宝（元）", "支付宝优惠（元）", "商家优惠（元）", "券核销金额（元）", "券名称",
  "商家红包消费金额（元）", "卡消费金额（元）", "退款批次号/请求号", "服务费（元）", "分润（元）", "备注",
] as const;
type Column = (typeof COLUMNS)[number];

const TITLE = "#支付宝业务明细查询";
const PERIOD = /^#起始日期：\[(\d{4})年(\d{2})月(\d{2})日 (\d{2}:\d{2}:\d{2})\]\s*终止日期：\[(\d{4})年(\d{2})月(\d{2})日 (\d{2}:\d{2}:\d{2})\]$/;
const LIST_END = /^#-+业务明细列表结束-+$/;
const TRADE_TOTAL = /^#交易合计：(\d+)笔，商家实收共(-?[\d.]+)元/;
const REFUND_TOTAL = /^#退款合计：(\d+)笔，商家实收退款共(-?[\d.]+)元/;
const MERCHANT_REF = /^[0-9A-Za-z_-]{1,64}$/;
const TRADE_NO = /^[0-9A-Za-z_-]{1,64}$/;

/** The preface's `[2019年09月16日 00:00:00]` as a China Standard Time instant. */
function chinaInstant(y: string, m: string, d: string, hms: string): Date | null {
  return fromChinaTime(`${y}-${m}-${d} ${hms}`);
}

/**
 * Alipay's business-detail bill (业务明细), the `…_业务明细.csv` of the bill zip:
 * GBK (statement-text.ts decodes it), `#` preface lines (title, account, the
 * period in China Standard Time), the header, one line per trade (交易) or
 * refund (退款), id cells ending in a TAB, refunds negative, then `#` footer
 * lines whose totals (count and 商家实收 of trades and of refunds) must agree
 * with the lines: a file cut short or altered is refused, naming the line.
 *
 * A movement's charge is the trade as Till named it (商户订单号), its payment
 * the trade as Alipay names it (支付宝交易号); a refund is the trade and its
 * request number (退款批次号/请求号). Amounts are 订单金额; the fee is 服务费.
 */
export const alipayBillImporter: StatementImporter = {
  format: "alipay_business_detail",

  recognises: (firstLine) => firstLine.trim() === TITLE,

  async read(text, { date }) {
    const rows = csvRows(text, COLUMNS)[Symbol.asyncIterator]();
    const next = async () => {
      const r = await rows.next();
      return r.done ? null : r.value;
    };
    const raw = (fields: string[]) => fields.join(",").trim();

    let period: StatementPeriod | null = null;
    let row = await next();
    while (row && raw(row.fields).startsWith("#")) {
      const m = PERIOD.exec(raw(row.fields));
      if (m) {
        const start = chinaInstant(m[1]!, m[2]!, m[3]!, m[4]!);
        const end = chinaInstant(m[5]!, m[6]!, m[7]!, m[8]!);
        if (!start || !end || end <= start || end.getTime() - start.getTime() > DAY_MS) {
          throw malformedStatement(row.line, "起始日期", "expected a period of at most one day");
        }
        period = { start, end };
      }
      row = await next();
    }
    if (!period) throw malformedStatement(row?.line ?? 1, "起始日期", "the preface does not state the period (#起始日期：[…]   终止日期：[…])");
    const billDay = new Date(period.start.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    if (date !== undefined && date !== billDay) {
      throw new AppError("invalid_request", `date: ${date} is not the day the bill covers (${billDay}, China Standard Time)`, {
        errors: [{ path: "date", message: "differs from the bill's period" }],
      });
    }
    if (!row) throw malformedStatement(1, COLUMNS[0], "the header line is missing");
    checkHeader(row.fields.map(cell), row.line);
    const filePeriod = period;

    async function* movements(): AsyncGenerator<StatementMovement[]> {
      const seen = { trades: 0, tradeNet: 0, refunds: 0, refundNet: 0 };
      let batch: StatementMovement[] = [];
      const footer: { line: number; text: string }[] = [];
      for (let r = await next(); r; r = await next()) {
        const line = raw(r.fields);
        if (line === "") continue;
        if (line.startsWith("#")) {
          footer.push({ line: r.line, text: line });
          continue;
        }
        if (footer.length > 0) throw malformedStatement(r.line, COLUMNS[0], "a bill line after the footer");
        const { movement, merchantNet } = movementOf(r.fields.map(cell), r.line, filePeriod);
        if (movement.type === "PAYMENT") {
          seen.trades += 1;
          seen.tradeNet += merchantNet;
        } else {
          seen.refunds += 1;
          seen.refundNet += merchantNet;
        }
        batch.push(movement);
        if (batch.length >= 2_000) {
          yield batch;
          batch = [];
        }
      }
      checkFooter(footer, seen);
      if (batch.length > 0) yield batch;
    }
    return { period, day: billDay, movements: movements() };
  },
};

/** A cell without the TAB Alipay puts after ids (so that spreadsheets keep their digits) and without spaces around it. */
function cell(text: string): string {
  return text.replace(/\t+$/, "").trim();
}

function checkHeader(fields: string[], line: number) {
  for (let i = 0; i < COLUMNS.length; i += 1) {
    if (fields[i] !== COLUMNS[i]) throw malformedStatement(line, COLUMNS[i]!, `the header's column ${i + 1} is "${fields[i] ?? ""}", expected "${COLUMNS[i]}"`);
  }
  if (fields.length !== COLUMNS.length) throw malformedStatement(line, "header", `the header has ${fields.length} columns, expected ${COLUMNS.length}`);
}

function movementOf(fields: string[], line: number, period: StatementPeriod): { movement: StatementMovement; merchantNet: number } {
  if (fields.length !== COLUMNS.length) {
    throw malformedStatement(line, COLUMNS[Math.min(fields.length, COLUMNS.length - 1)]!, `${fields.length} columns, expected ${COLUMNS.length}`);
  }
  const field = (c: Column) => fields[COLUMNS.indexOf(c)]!;
  const money = (c: Column) => {
    const fen = yuanToFen(field(c), { signed: true });
    if (fen === null) throw malformedStatement(line, c, "expected an amount of yuan with at most two decimals");
    return fen;
  };
  const kind = field("业务类型");
  if (kind !== "交易" && kind !== "退款") throw malformedStatement(line, "业务类型", `"${kind}" is not a business type Till reads (交易, 退款)`);
  const type = kind === "交易" ? "PAYMENT" : "REFUND";
  const tradeNo = field("支付宝交易号");
  if (!TRADE_NO.test(tradeNo)) throw malformedStatement(line, "支付宝交易号", "expected Alipay's trade number");
  const merchantRef = field("商户订单号");
  if (!MERCHANT_REF.test(merchantRef)) throw malformedStatement(line, "商户订单号", "expected 1 to 64 of [0-9A-Za-z_-]");
  const time = fromChinaTime(field("完成时间"));
  if (!time) throw malformedStatement(line, "完成时间", "expected yyyy-MM-dd HH:mm:ss");
  if (time < period.start || time >= period.end) throw malformedStatement(line, "完成时间", "outside the bill's period");
  const orderAmount = money("订单金额（元）");
  const merchantNet = money("商家实收（元）");
  const fee = Math.abs(money("服务费（元）"));
  if (type === "PAYMENT" ? orderAmount <= 0 : orderAmount >= 0) {
    throw malformedStatement(line, "订单金额（元）", type === "PAYMENT" ? "must be above 0 on a trade" : "must be below 0 on a refund");
  }
  const amount = Math.abs(orderAmount);
  let providerRefundId: string | null = null;
  if (type === "REFUND") {
    const requestNo = field("退款批次号/请求号");
    if (!/^[\x21-\x7e]{1,64}$/.test(requestNo)) throw malformedStatement(line, "退款批次号/请求号", "expected the refund's request number on a refund line");
    providerRefundId = alipayRefundId(tradeNo, requestNo);
  }
  return {
    merchantNet,
    movement: {
      lineNo: line,
      time,
      type,
      providerChargeId: merchantRef,
      merchantRef,
      providerPaymentId: tradeNo,
      providerRefundId,
      amount,
      // A refund gives back the service fee of what it refunds: it is the refund's net, not a fee charged.
      fee: type === "PAYMENT" ? fee : 0,
      net: type === "PAYMENT" ? amount - fee : -amount + fee,
      currency: "CNY",
    },
  };
}

/** The footer's `#交易合计` and `#退款合计` against what the lines added up to; the line that disagrees is named. */
function checkFooter(footer: { line: number; text: string }[], seen: { trades: number; tradeNet: number; refunds: number; refundNet: number }) {
  const end = footer.find((f) => LIST_END.test(f.text));
  const lastLine = footer.at(-1)?.line ?? 1;
  if (!end) throw malformedStatement(lastLine, "footer", "the bill has no #…业务明细列表结束… line: it is cut short");
  const totals = [
    { pattern: TRADE_TOTAL, label: "#交易合计", count: seen.trades, net: seen.tradeNet },
    { pattern: REFUND_TOTAL, label: "#退款合计", count: seen.refunds, net: seen.refundNet },
  ];
  for (const total of totals) {
    const found = footer.map((f) => ({ f, m: total.pattern.exec(f.text) })).find((x) => x.m);
    if (!found) throw malformedStatement(end.line, "footer", `the footer has no ${total.label} line`);
    const count = Number(found.m![1]);
    const net = yuanToFen(found.m![2]!, { signed: true });
    if (net === null) throw malformedStatement(found.f.line, "footer", `${total.label}: the total is not an amount of yuan`);
    if (count !== total.count || net !== total.net) {
      throw malformedStatement(
        found.f.line,
        "footer",
        `${total.label} says ${count} lines and ${found.m![2]} yuan, the bill's lines add up to ${total.count} and ${toDecimalString(total.net, "CNY")}`,
      );
    }
  }
}
