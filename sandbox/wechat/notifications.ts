import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Ctx } from "../context";
import type { DeliveryDialect } from "../delivery";
import { sql } from "../db";
import { chinaTime, encryptedResource, wechatpayHeaders, type WechatDialect } from "./dialect";
import { isWechatCharge } from "./wire";

type Payment = { id: string; merchant_ref: string; amount: number; currency: string; payer: string; paid_at: string };
type Refund = { id: string; payment_id: string; merchant_refund_ref: string; amount: number; status: string; settled_at: string | null };

/**
 * The body of an event of a WeChat-dialect charge, as WeChat Pay notifies:
 * TRANSACTION.SUCCESS or REFUND.SUCCESS/REFUND.ABNORMAL, with the transaction
 * or refund encrypted (AEAD_AES_256_GCM, the APIv3 key). Null for a charge
 * made through Sandbox Pay's own API.
 */
export function wechatEventBody(ctx: Ctx, event: { id: string; type: string; chargeId: string; data: unknown; createdAt: number }): string | null {
  const d = ctx.wechat;
  if (!d || !isWechatCharge(ctx, event.chargeId)) return null;
  const base = { id: event.id, create_time: chinaTime(event.createdAt), resource_type: "encrypt-resource" };
  if (event.type === "payment.succeeded") {
    const p = (event.data as { payment: Payment }).payment;
    const transaction = {
      appid: d.appid, mchid: d.mchid, out_trade_no: p.merchant_ref, transaction_id: p.id, trade_type: "NATIVE", trade_state: "SUCCESS", trade_state_desc: "支付成功",
      bank_type: "OTHERS", attach: "", success_time: chinaTime(Date.parse(p.paid_at)), payer: { openid: p.payer },
      amount: { total: p.amount, payer_total: p.amount, currency: p.currency, payer_currency: p.currency },
    };
    return JSON.stringify({ ...base, event_type: "TRANSACTION.SUCCESS", summary: "支付成功", resource: encryptedResource(d, transaction, "transaction") });
  }
  const { refund: r, merchant_ref: outTradeNo } = event.data as { refund: Refund; merchant_ref: string };
  const { total } = sql(ctx.db, "SELECT amount AS total FROM payments WHERE id = ?").get(r.payment_id) as { total: number };
  const succeeded = r.status === "succeeded";
  const notice = {
    mchid: d.mchid, out_trade_no: outTradeNo, transaction_id: r.payment_id, out_refund_no: r.merchant_refund_ref, refund_id: r.id,
    refund_status: succeeded ? "SUCCESS" : "ABNORMAL", ...(succeeded && r.settled_at ? { success_time: chinaTime(Date.parse(r.settled_at)) } : {}),
    user_received_account: "支付用户零钱", amount: { total, refund: r.amount, payer_total: total, payer_refund: r.amount },
  };
  return JSON.stringify({ ...base, event_type: succeeded ? "REFUND.SUCCESS" : "REFUND.ABNORMAL", summary: succeeded ? "退款成功" : "退款异常", resource: encryptedResource(d, notice, "refund") });
}

let strangerKey: KeyObject | undefined;

/**
 * How a delivery of a WeChat-dialect charge's event is signed: the Wechatpay-*
 * headers with Sandbox Pay's key, or (bad_signature_rate) with a key nobody
 * published. Null for a charge of Sandbox Pay's own API.
 */
export function wechatDelivery(ctx: Ctx, chargeId: string): DeliveryDialect | null {
  const d: WechatDialect | undefined = ctx.wechat;
  if (!d || !isWechatCharge(ctx, chargeId)) return null;
  return {
    sign: (body, atMs, bad) => {
      if (bad) strangerKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
      return { body, headers: wechatpayHeaders(d, body, atMs, bad ? strangerKey : undefined) };
    },
  };
}
