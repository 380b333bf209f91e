import { paymentsOf, type ChargeRow } from "../charge-store";
import type { Ctx } from "../context";
import { sql } from "../db";
import type { RefundRow } from "../refund-store";
import { chinaTime, type WechatDialect } from "./dialect";

/** Marks a charge as made through the WeChat dialect: its notifications are then WeChat's. */
export function markWechatCharge(ctx: Ctx, chargeId: string): void {
  sql(ctx.db, `INSERT INTO wechat_charges (charge_id) VALUES (?) ON CONFLICT (charge_id) DO NOTHING`).run(chargeId);
}

export function isWechatCharge(ctx: Ctx, chargeId: string): boolean {
  return sql(ctx.db, "SELECT 1 FROM wechat_charges WHERE charge_id = ?").get(chargeId) !== undefined;
}

/**
 * A sandbox charge as WeChat Pay's transaction: one payment per order (the
 * first), trade_state REFUND once a refund succeeded, CLOSED once it can no
 * longer be paid (closed or past time_expire).
 */
export function transactionJson(ctx: Ctx, d: WechatDialect, charge: ChargeRow) {
  const payment = paymentsOf(ctx, charge.id)[0];
  const base = { appid: d.appid, mchid: d.mchid, out_trade_no: charge.merchant_ref, trade_type: "NATIVE", attach: "" };
  if (!payment) {
    const state = charge.status === "pending" ? "NOTPAY" : "CLOSED";
    return { ...base, trade_state: state, trade_state_desc: state === "NOTPAY" ? "订单未支付" : "订单已关闭", amount: { total: charge.amount, currency: charge.currency } };
  }
  const refunded = sql(ctx.db, "SELECT 1 FROM refunds WHERE payment_id = ? AND status = 'succeeded'").get(payment.id) !== undefined;
  return {
    ...base,
    transaction_id: payment.id,
    trade_state: refunded ? "REFUND" : "SUCCESS",
    trade_state_desc: refunded ? "转入退款" : "支付成功",
    bank_type: "OTHERS",
    success_time: chinaTime(payment.paid_at),
    payer: { openid: payment.payer },
    amount: { total: payment.amount, payer_total: payment.amount, currency: payment.currency, payer_currency: payment.currency },
  };
}

const REFUND_STATUS = { pending: "PROCESSING", succeeded: "SUCCESS", failed: "ABNORMAL" } as const;

/** A sandbox refund as WeChat Pay's: a failed one is ABNORMAL (the money could not reach the payer). */
export function refundJson(ctx: Ctx, r: RefundRow) {
  const { merchant_ref: outTradeNo, total } = sql(ctx.db, "SELECT c.merchant_ref, p.amount AS total FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.id = ?").get(r.payment_id) as {
    merchant_ref: string;
    total: number;
  };
  return {
    refund_id: r.id,
    out_refund_no: r.merchant_refund_ref,
    transaction_id: r.payment_id,
    out_trade_no: outTradeNo,
    channel: "ORIGINAL",
    user_received_account: "支付用户零钱",
    ...(r.status === "succeeded" && r.settled_at !== null ? { success_time: chinaTime(r.settled_at) } : {}),
    create_time: chinaTime(r.created_at),
    status: REFUND_STATUS[r.status],
    funds_account: "AVAILABLE",
    amount: { total, refund: r.amount, payer_total: total, payer_refund: r.amount, settlement_refund: r.amount, settlement_total: total, discount_refund: 0, currency: r.currency },
  };
}
