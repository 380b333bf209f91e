import iconv from "iconv-lite";
import type { Ctx } from "../context";
import { sql } from "../db";
import { paymentFee } from "../money";
import { movements } from "../statements";
import { chinaWallTime, yuan, type AlipayDialect } from "./dialect";
import { isAlipayCharge } from "./wire";
import { zipOf } from "./zip";

const HEADER =
  "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注";

/** One line of a business-detail bill; amounts are yuan strings as Alipay writes them (refunds negative). */
export interface BillLine {
  tradeNo: string;
  outTradeNo: string;
  kind: "交易" | "退款";
  subject: string;
  created: string;
  completed: string;
  payer: string;
  amount: string;
  net: string;
  requestNo: string;
  fee: string;
}

const cents = (text: string) => Math.round(Number(text) * 100);
const chinaDate = (day: string, time = "00:00:00") => `${day.slice(0, 4)}年${day.slice(5, 7)}月${day.slice(8, 10)}日 ${time}`;

/**
 * The 业务明细 CSV of a China day, in Alipay's layout and GBK: the `#` preface,
 * the header, id cells ending in a TAB, the `#` footer with the totals of
 * trades and refunds (given, to write a bill whose totals disagree).
 */
export function businessDetailCsv(account: string, day: string, lines: BillLine[], footer?: { trades: string; refunds: string }): Buffer {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const rows = lines.map((l) =>
    [`${l.tradeNo}\t`, `${l.outTradeNo}\t`, `${l.kind}\t`, `${l.subject}\t`, l.created, l.completed, "\t", "\t", "\t", "\t", `${l.payer}\t`, l.amount, l.net, "0.00", "0.00", "0.00", "0.00", "0.00", "\t", "0.00", "0.00", `${l.requestNo}\t`, l.fee, "0.00", "\t"].join(","),
  );
  const of = (kind: BillLine["kind"]) => lines.filter((l) => l.kind === kind);
  const sum = (ls: BillLine[]) => yuan(ls.reduce((s, l) => s + cents(l.net), 0));
  const text = [
    "#支付宝业务明细查询",
    `#账号：[${account}]`,
    `#起始日期：[${chinaDate(day)}]   终止日期：[${chinaDate(next)}]`,
    "#-----------------------------------------业务明细列表----------------------------------------",
    HEADER,
    ...rows,
    "#-----------------------------------------业务明细列表结束------------------------------------",
    `#交易合计：${of("交易").length}笔，商家实收共${footer?.trades ?? sum(of("交易"))}元，商家优惠共0.00元`,
    `#退款合计：${of("退款").length}笔，商家实收退款共${footer?.refunds ?? sum(of("退款"))}元，商家优惠退款共0.00元`,
    `#导出时间：[${chinaDate(next, "05:46:49")}]`,
  ].join("\r\n");
  return iconv.encode(`${text}\r\n`, "gbk");
}

/** The China day `YYYY-MM-DD` as [start, end) epoch ms, or null when it is not a real day. */
export function chinaDay(day: string): [number, number] | null {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(start) || chinaWallTime(start).slice(0, 10) !== day) return null;
  return [start, start + 86_400_000];
}

/**
 * The day's bill as Alipay's download serves it: a zip with …_业务明细.csv and
 * …_业务明细(汇总).csv, names and contents GBK. Only the Alipay dialect's
 * trades: payments (Sandbox Pay's 0.6 % fee as a negative 服务费) and the
 * refunds that succeeded (negative amounts, 退款批次号 = out_request_no).
 */
export function billZip(ctx: Ctx, d: AlipayDialect, day: string, [from, to]: [number, number]): Buffer {
  const lines = movements(ctx, from, to)
    .filter((m) => isAlipayCharge(ctx, m.charge_id))
    .map((m): BillLine => {
      const c = sql(ctx.db, "SELECT c.created_at, c.description, p.payer FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.id = ?").get(m.payment_id) as {
        created_at: number; description: string | null; payer: string;
      };
      const payment = m.type === "PAYMENT";
      const requestNo = payment ? "" : ((sql(ctx.db, "SELECT merchant_refund_ref FROM refunds WHERE id = ?").get(m.refund_id) as { merchant_refund_ref: string }).merchant_refund_ref);
      const amount = yuan(payment ? m.amount : -m.amount);
      return {
        tradeNo: m.payment_id, outTradeNo: m.merchant_ref, kind: payment ? "交易" : "退款", subject: c.description ?? m.merchant_ref,
        created: chinaWallTime(payment ? c.created_at : m.at), completed: chinaWallTime(m.at), payer: c.payer, amount, net: amount, requestNo,
        fee: payment ? yuan(-paymentFee(m.amount)) : "0.00",
      };
    });
  const compact = day.replaceAll("-", "");
  const trades = lines.filter((l) => l.kind === "交易");
  const refunds = lines.filter((l) => l.kind === "退款");
  const net = lines.reduce((s, l) => s + cents(l.net), 0);
  const summary = [
    "#支付宝业务汇总查询",
    `#账号：[${d.sellerId}]`,
    "#-----------------------------------------业务汇总列表----------------------------------------",
    "门店编号,门店名称,交易订单总笔数,退款订单总笔数,已收入金额（元）,实收净额（元）",
    `,,${trades.length},${refunds.length},${yuan(trades.reduce((s, l) => s + cents(l.net), 0))},${yuan(net)}`,
    "#-----------------------------------------业务汇总列表结束------------------------------------",
  ].join("\r\n");
  return zipOf([
    { name: `${d.sellerId}0156_${compact}_业务明细.csv`, data: businessDetailCsv(d.sellerId, day, lines) },
    { name: `${d.sellerId}0156_${compact}_业务明细(汇总).csv`, data: iconv.encode(`${summary}\r\n`, "gbk") },
  ]);
}
