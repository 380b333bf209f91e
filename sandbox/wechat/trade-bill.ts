import type { Ctx } from "../context";
import { sql } from "../db";
import { ApiError } from "../errors";
import { paymentFee } from "../money";
import { movements, type Movement } from "../statements";

const HEADER =
  "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
const SUMMARY_HEADER = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
const CHINA_MS = 8 * 3_600_000;

/** Fen as yuan with `decimals` places (five for 手续费: fen × 1000 in units of 0.00001). */
function yuan(fen: number, decimals = 2): string {
  const units = String(fen * 10 ** (decimals - 2)).padStart(decimals + 1, "0");
  return `${units.slice(0, -decimals)}.${units.slice(-decimals)}`;
}

const chinaLocal = (ms: number) => new Date(ms + CHINA_MS).toISOString().slice(0, 19).replace("T", " ");

/** The China day `YYYY-MM-DD` as [start, end) epoch ms; throws WeChat's answer for a day with no bill (yet). */
function dayRange(ctx: Ctx, day: string): [number, number] {
  const start = Date.parse(`${day}T00:00:00+08:00`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(start) || chinaLocal(start).slice(0, 10) !== day) {
    throw new ApiError(400, "PARAM_ERROR", "bill_date 格式不正确");
  }
  // A day's bill exists once the day is over in China.
  if (start + 86_400_000 > ctx.now()) throw new ApiError(400, "NO_STATEMENT_EXIST", "账单未生成");
  return [start, start + 86_400_000];
}

/**
 * The trade bill (ALL) of a China day as WeChat Pay writes it: UTF-8 with a
 * BOM, CRLF, every cell after a backtick, payments and refunds as lines
 * (Sandbox Pay's 0.6 % fee on payments, none on refunds), the summary last.
 */
export function tradeBill(ctx: Ctx, day: string): string {
  const [from, to] = dayRange(ctx, day);
  const d = ctx.wechat!;
  const rows = movements(ctx, from, to).map((m: Movement) => {
    const payment = m.type === "PAYMENT";
    const fee = payment ? paymentFee(m.amount) : 0;
    return {
      cells: [
        chinaLocal(m.at), d.appid, d.mchid, "0", "", m.payment_id, m.merchant_ref, "", "NATIVE", payment ? "SUCCESS" : "REFUND", "OTHERS", m.currency,
        yuan(payment ? m.amount : 0), "0.00", payment ? "0" : m.refund_id, payment ? "0" : refundKeyOf(ctx, m.refund_id), yuan(payment ? 0 : m.amount), "0.00",
        payment ? "" : "ORIGINAL", payment ? "" : "SUCCESS", "Sandbox Pay", "", yuan(fee, 5), "0.60%", yuan(payment ? m.amount : 0), yuan(payment ? 0 : m.amount), "",
      ],
      settle: payment ? m.amount : 0,
      refund: payment ? 0 : m.amount,
      fee,
    };
  });
  const sum = (pick: (r: (typeof rows)[number]) => number) => rows.reduce((t, r) => t + pick(r), 0);
  const summary = [String(rows.length), yuan(sum((r) => r.settle)), yuan(sum((r) => r.refund)), "0.00", yuan(sum((r) => r.fee), 5), yuan(sum((r) => r.settle)), yuan(sum((r) => r.refund))];
  const lines = [HEADER, ...rows.map((r) => r.cells.map((c) => `\`${c}`).join(",")), SUMMARY_HEADER, summary.map((c) => `\`${c}`).join(",")];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

function refundKeyOf(ctx: Ctx, refundId: string): string {
  const row = sql(ctx.db, "SELECT merchant_refund_ref FROM refunds WHERE id = ?").get(refundId) as { merchant_refund_ref: string } | undefined;
  return row?.merchant_refund_ref ?? "";
}
