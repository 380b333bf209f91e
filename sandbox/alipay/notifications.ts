import { generateKeyPairSync, type KeyObject } from "node:crypto";
import type { Ctx } from "../context";
import { sql } from "../db";
import type { DeliveryDialect } from "../delivery";
import { chinaWallTime, rsa2, sortedParams, yuan } from "./dialect";
import { buyerId, isAlipayCharge } from "./wire";

type Payment = { id: string; merchant_ref: string; amount: number; payer: string; paid_at: string };
type Refund = { payment_id: string; merchant_refund_ref: string; status: string; settled_at: string | null };

/**
 * The parameters of an event of an Alipay-dialect charge, form-encoded and not
 * yet signed (each attempt signs): a trade_status_sync for a payment, and for a
 * refund that succeeded (refund_fee cumulative, out_biz_no = the request number;
 * TRADE_CLOSED once all of it is refunded). Alipay says nothing of a refund that
 * failed: "" then. Null for a charge made through Sandbox Pay's own API.
 */
export function alipayEventBody(ctx: Ctx, event: { id: string; type: string; chargeId: string; data: unknown; createdAt: number }): string | null {
  const d = ctx.alipay;
  if (!d || !isAlipayCharge(ctx, event.chargeId)) return null;
  if (event.type === "refund.failed") return "";
  const paymentId = event.type === "payment.succeeded" ? (event.data as { payment: Payment }).payment.id : (event.data as { refund: Refund }).refund.payment_id;
  const p = sql(ctx.db, "SELECT p.id, p.amount, p.payer, p.paid_at, c.merchant_ref, c.description, c.created_at FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.id = ?").get(paymentId) as {
    id: string; amount: number; payer: string; paid_at: number; merchant_ref: string; description: string | null; created_at: number;
  };
  const params: Record<string, string> = {
    notify_time: chinaWallTime(event.createdAt), notify_type: "trade_status_sync", notify_id: event.id, app_id: d.appId, charset: "utf-8", version: "1.0",
    trade_no: p.id, out_trade_no: p.merchant_ref, buyer_id: buyerId(p.payer), buyer_logon_id: p.payer, seller_id: d.sellerId, trade_status: "TRADE_SUCCESS",
    total_amount: yuan(p.amount), receipt_amount: yuan(p.amount), buyer_pay_amount: yuan(p.amount), subject: p.description ?? p.merchant_ref,
    gmt_create: chinaWallTime(p.created_at), gmt_payment: chinaWallTime(p.paid_at), fund_bill_list: JSON.stringify([{ amount: yuan(p.amount), fundChannel: "ALIPAYACCOUNT" }]),
  };
  if (event.type !== "payment.succeeded") {
    const r = (event.data as { refund: Refund }).refund;
    const { refunded } = sql(ctx.db, "SELECT COALESCE(SUM(amount), 0) AS refunded FROM refunds WHERE payment_id = ? AND status = 'succeeded'").get(p.id) as { refunded: number };
    Object.assign(params, { out_biz_no: r.merchant_refund_ref, refund_fee: yuan(refunded), gmt_refund: chinaWallTime(Date.parse(r.settled_at ?? "")), ...(refunded >= p.amount ? { trade_status: "TRADE_CLOSED", gmt_close: chinaWallTime(Date.parse(r.settled_at ?? "")) } : {}) });
  }
  return new URLSearchParams(params).toString();
}

let strangerKey: KeyObject | undefined;

/**
 * How an Alipay-dialect event is sent: form-encoded, `sign_type=RSA2` and `sign`
 * (Sandbox Pay's key, or a key nobody published under bad_signature_rate) over
 * the sorted parameters without `sign` and `sign_type`; acknowledged only by
 * the plain text `success`, anything else is resent. Null for other charges.
 */
export function alipayDelivery(ctx: Ctx, chargeId: string): DeliveryDialect | null {
  const d = ctx.alipay;
  if (!d || !isAlipayCharge(ctx, chargeId)) return null;
  return {
    sign: (body, _atMs, bad) => {
      if (bad) strangerKey ??= generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
      const form = new URLSearchParams(body);
      const content = sortedParams(Object.fromEntries(form), ["sign", "sign_type"]);
      form.set("sign_type", "RSA2");
      form.set("sign", rsa2(content, bad ? strangerKey! : d.alipayPrivateKey));
      return { body: form.toString(), headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" } };
    },
    acknowledged: (statusCode, text) => statusCode === 200 && text.trim() === "success",
  };
}
