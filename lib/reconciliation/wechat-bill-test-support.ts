/** WeChat Pay trade bills (ALL) as WeChat writes them, for tests: BOM, CRLF, every cell after a backtick, the summary last. */
import { WECHAT_BILL_COLUMNS, WECHAT_SUMMARY_COLUMNS } from "./wechat-bill-importer";

export type Row = Partial<Record<(typeof WECHAT_BILL_COLUMNS)[number], string>>;

export const payRow = (o: { time: string; txn: string; ref: string; total: string; fee?: string; settle?: string }): Row => ({
  交易时间: o.time, 公众账号ID: "wxd678efh567hg6787", 商户号: "1900009191", 特约商户号: "0", 设备号: "", 微信订单号: o.txn, 商户订单号: o.ref,
  用户标识: "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o", 交易类型: "NATIVE", 交易状态: "SUCCESS", 付款银行: "OTHERS", 货币种类: "CNY",
  应结订单金额: o.settle ?? o.total, 代金券金额: "0.00", 微信退款单号: "0", 商户退款单号: "0", 退款金额: "0.00", 充值券退款金额: "0.00",
  退款类型: "", 退款状态: "", 商品名称: "咖啡, 大杯", 商户数据包: "", 手续费: o.fee ?? "0.00000", 费率: "0.60%", 订单金额: o.total, 申请退款金额: "0.00", 费率备注: "",
});
export const refundRow = (o: { time: string; txn: string; ref: string; refundId: string; refundKey: string; amount: string; status?: string; fee?: string }): Row => ({
  ...payRow({ time: o.time, txn: o.txn, ref: o.ref, total: "0.00", settle: "0.00", fee: o.fee ?? "0.00000" }),
  交易状态: "REFUND", 微信退款单号: o.refundId, 商户退款单号: o.refundKey, 退款金额: o.amount, 退款类型: "ORIGINAL", 退款状态: o.status ?? "SUCCESS", 申请退款金额: o.amount,
});

/** A trade bill as WeChat Pay writes it: BOM, CRLF, every cell after a backtick, the summary last. */
export function wechatBill(rows: Row[], summary: string[], options: { header?: string; tail?: string } = {}): string {
  const lines = [
    options.header ?? WECHAT_BILL_COLUMNS.join(","),
    ...rows.map((r) => WECHAT_BILL_COLUMNS.map((c) => `\`${r[c] ?? ""}`).join(",")),
    WECHAT_SUMMARY_COLUMNS.join(","),
    summary.map((v) => `\`${v}`).join(","),
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n${options.tail ?? ""}`;
}

