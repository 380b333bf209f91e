import { z } from "zod";
import { createCharge } from "../charges";
import { expireOverdue, findChargeByRef, paymentsOf, type ChargeRow } from "../charge-store";
import type { Ctx } from "../context";
import { sql } from "../db";
import { ApiError } from "../errors";
import type { ApiRequest, ApiResponse, Route } from "../http";
import { createRefund } from "../refunds";
import { finishRefund, FAULT_FAILURE, type RefundRow } from "../refund-store";
import { billZip, chinaDay } from "./bill";
import { alipayAnswer, appSigned, billToken, chinaWallTime, fenOf, yuan, type AlipayDialect } from "./dialect";
import { buyerId, markAlipayCharge } from "./wire";

type Biz = Record<string, unknown>;
type Method = (ctx: Ctx, d: AlipayDialect, biz: Biz, req: ApiRequest & { form: Record<string, string> }) => Biz;

/** A business refusal: code 40004 with Alipay's sub_code. */
class Refusal extends Error {
  constructor(readonly subCode: string, readonly subMsg: string, readonly code = "40004") {
    super(subMsg);
  }
}

/** Sandbox Pay's own errors in Alipay's words. */
const SUB_CODES: Record<string, string> = {
  not_found: "ACQ.TRADE_NOT_EXIST",
  merchant_ref_conflict: "ACQ.CONTEXT_INCONSISTENT",
  idempotency_conflict: "ACQ.CONTEXT_INCONSISTENT",
  amount_exceeds_refundable: "ACQ.REFUND_AMT_NOT_EQUAL_TOTAL",
  charge_succeeded: "ACQ.TRADE_STATUS_ERROR",
};

const METHODS: Record<string, Method> = {
  "alipay.trade.precreate": precreate,
  "alipay.trade.query": (ctx, d, biz) => tradeJson(ctx, d, tradeOf(ctx, biz)),
  "alipay.trade.close": close,
  "alipay.trade.refund": refund,
  "alipay.trade.fastpay.refund.query": refundQuery,
  "alipay.data.dataservice.bill.downloadurl.query": billUrl,
};

/**
 * The OpenAPI v2 gateway (`POST /gateway.do`, the common parameters in the
 * query, the rest form-encoded): the app's RSA2 signature checked with its
 * public key, answered `{"<method>_response":{…},"sign":"…"}` signed with
 * Sandbox Pay's key; and the bill download its answer points at.
 */
export function alipayRoutes(ctx: Ctx): Route[] {
  const enabled = () => {
    if (!ctx.alipay) throw new ApiError(404, "not_found", "the Alipay dialect is not enabled on this Sandbox Pay");
    return ctx.alipay;
  };
  return [
    // Not the bearer key: every call carries the app's RSA2 signature instead.
    { method: "POST", path: "/gateway.do", access: "public", handler: (req) => gateway(ctx, enabled(), req) },
    { method: "GET", path: "/downloadBillFile.resource", access: "public", handler: (req) => billDownload(ctx, enabled(), req) },
  ];
}

function gateway(ctx: Ctx, d: AlipayDialect, req: ApiRequest): ApiResponse {
  const form: Record<string, string> = { ...Object.fromEntries(req.query), ...(req.body as Record<string, string>) };
  const method = form.method ?? "";
  const handler = METHODS[method];
  const key = handler ? `${method.replaceAll(".", "_")}_response` : "error_response";
  const refuse = (code: string, msg: string, subCode: string, subMsg: string) => alipayAnswer(d, key, { code, msg, sub_code: subCode, sub_msg: subMsg });
  if (!handler) return refuse("40002", "Invalid Arguments", "isv.invalid-method", "不存在的方法名");
  if (!form.sign) return refuse("40001", "Missing Required Arguments", "isv.missing-signature", "缺少签名参数");
  if (form.app_id !== d.appId) return refuse("40002", "Invalid Arguments", "isv.invalid-app-id", "无效的AppID参数");
  if (!appSigned(d, form)) return refuse("40002", "Invalid Arguments", "isv.invalid-signature", "验签出错");
  let biz: Biz;
  try {
    biz = JSON.parse(form.biz_content ?? "{}") as Biz;
  } catch {
    return refuse("40002", "Invalid Arguments", "isv.invalid-parameter", "biz_content 不是 JSON");
  }
  try {
    return alipayAnswer(d, key, { code: "10000", msg: "Success", ...handler(ctx, d, biz, { ...req, form }) });
  } catch (e) {
    if (e instanceof Refusal) return refuse(e.code, e.code === "40004" ? "Business Failed" : "Invalid Arguments", e.subCode, e.subMsg);
    if (!(e instanceof ApiError) || e.status >= 500) throw e;
    return refuse("40004", "Business Failed", SUB_CODES[e.code] ?? "ACQ.INVALID_PARAMETER", e.message);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new Refusal("ACQ.INVALID_PARAMETER", z.prettifyError(result.error));
  return result.data;
}

const yuanAmount = z.string().refine((s) => (fenOf(s) ?? 0) > 0, "元, two decimals at most, at least 0.01");

const Precreate = z.object({
  out_trade_no: z.string().regex(/^[0-9A-Za-z_-]{1,64}$/),
  total_amount: yuanAmount,
  subject: z.string().min(1).max(256),
  product_code: z.literal("FACE_TO_FACE_PAYMENT").optional(),
  time_expire: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/).optional(),
  timeout_express: z.string().regex(/^\d{1,5}[mhd]$/).optional(),
});

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** The phone page's address is the QR (Alipay's would be https://qr.alipay.com/…); time_expire wins over timeout_express (default 2 h). */
function precreate(ctx: Ctx, _d: AlipayDialect, biz: Biz, req: ApiRequest & { form: Record<string, string> }): Biz {
  const input = parse(Precreate, biz);
  if (!req.form.notify_url) throw new Refusal("isv.missing-notify-url", "Sandbox Pay needs notify_url to notify", "40001");
  const express = input.timeout_express ?? "120m";
  const expiresAt = input.time_expire
    ? `${input.time_expire.replace(" ", "T")}+08:00`
    : new Date(ctx.now() + Number(express.slice(0, -1)) * UNIT_MS[express.slice(-1) as keyof typeof UNIT_MS]).toISOString();
  const answer = createCharge(ctx, {
    ...req,
    body: { merchant_ref: input.out_trade_no, amount: fenOf(input.total_amount)!, currency: "CNY", description: input.subject, expires_at: expiresAt, notify_url: req.form.notify_url },
  });
  const charge = JSON.parse(answer.body.toString()) as { id: string; qr_content: string };
  markAlipayCharge(ctx, charge.id);
  return { out_trade_no: input.out_trade_no, qr_code: charge.qr_content };
}

const TradeRef = z.object({ out_trade_no: z.string().max(64).optional(), trade_no: z.string().max(64).optional() });

/** The charge a call names by out_trade_no or trade_no (a payment's id). */
function tradeOf(ctx: Ctx, biz: Biz): ChargeRow {
  const ref = parse(TradeRef, biz);
  const charge = ctx.db.transaction(() => {
    expireOverdue(ctx);
    const outTradeNo = ref.out_trade_no ?? (sql(ctx.db, "SELECT c.merchant_ref FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.id = ?").get(ref.trade_no ?? "") as { merchant_ref: string } | undefined)?.merchant_ref;
    return outTradeNo ? findChargeByRef(ctx, outTradeNo) : undefined;
  }).immediate();
  if (!charge) throw new Refusal("ACQ.TRADE_NOT_EXIST", "交易不存在");
  return charge;
}

/**
 * alipay.trade.query: WAIT_BUYER_PAY while it can be paid, TRADE_SUCCESS once
 * paid, TRADE_CLOSED when closed or expired unpaid, or paid and refunded in full.
 */
function tradeJson(ctx: Ctx, d: AlipayDialect, charge: ChargeRow): Biz {
  const payment = paymentsOf(ctx, charge.id)[0];
  const base = { out_trade_no: charge.merchant_ref, total_amount: yuan(charge.amount), seller_id: d.sellerId };
  if (!payment) return { ...base, trade_status: charge.status === "pending" ? "WAIT_BUYER_PAY" : "TRADE_CLOSED" };
  const { refunded } = sql(ctx.db, "SELECT COALESCE(SUM(amount), 0) AS refunded FROM refunds WHERE payment_id = ? AND status = 'succeeded'").get(payment.id) as { refunded: number };
  return {
    ...base,
    trade_no: payment.id,
    trade_status: refunded >= payment.amount ? "TRADE_CLOSED" : "TRADE_SUCCESS",
    total_amount: yuan(payment.amount),
    receipt_amount: yuan(payment.amount),
    buyer_pay_amount: yuan(payment.amount),
    buyer_logon_id: payment.payer,
    buyer_user_id: buyerId(payment.payer),
    send_pay_date: chinaWallTime(payment.paid_at),
  };
}

/** Only a trade waiting for its buyer closes; anything else is ACQ.TRADE_STATUS_ERROR. */
function close(ctx: Ctx, _d: AlipayDialect, biz: Biz): Biz {
  const charge = tradeOf(ctx, biz);
  const closed = sql(ctx.db, "UPDATE charges SET status = 'closed' WHERE id = ? AND status = 'pending'").run(charge.id).changes === 1;
  if (!closed) throw new Refusal("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
  return { out_trade_no: charge.merchant_ref };
}

const RefundInput = TradeRef.extend({ refund_amount: yuanAmount, out_request_no: z.string().min(1).max(64).optional(), refund_reason: z.string().max(256).optional() });

/**
 * alipay.trade.refund moves the money in the call (fund_change Y) — or fails in
 * it (fail_next_refunds: ACQ.SELLER_BALANCE_NOT_ENOUGH). The same out_request_no
 * again is the same refund: fund_change N, refund_fee unchanged.
 */
function refund(ctx: Ctx, _d: AlipayDialect, biz: Biz, req: ApiRequest): Biz {
  const input = parse(RefundInput, biz);
  const charge = tradeOf(ctx, biz);
  const payment = paymentsOf(ctx, charge.id)[0];
  if (!payment) throw new Refusal("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
  const answer = createRefund(ctx, {
    ...req,
    headers: { ...req.headers, "idempotency-key": input.out_request_no ?? charge.merchant_ref },
    body: { payment_id: payment.id, amount: fenOf(input.refund_amount)!, reason: input.refund_reason ?? null },
  });
  const { id } = JSON.parse(answer.body.toString()) as { id: string };
  const moved = answer.status === 201;
  if (moved) {
    const row = sql(ctx.db, "SELECT fail_on_settle FROM refunds WHERE id = ?").get(id) as { fail_on_settle: number };
    finishRefund(ctx, id, row.fail_on_settle ? FAULT_FAILURE : null);
  }
  const r = sql(ctx.db, "SELECT * FROM refunds WHERE id = ?").get(id) as RefundRow;
  if (r.status === "failed") throw new Refusal("ACQ.SELLER_BALANCE_NOT_ENOUGH", "卖家余额不足");
  const { refunded } = sql(ctx.db, "SELECT COALESCE(SUM(amount), 0) AS refunded FROM refunds WHERE payment_id = ? AND status = 'succeeded'").get(payment.id) as { refunded: number };
  return {
    trade_no: payment.id, out_trade_no: charge.merchant_ref, buyer_logon_id: payment.payer, buyer_user_id: buyerId(payment.payer),
    fund_change: moved ? "Y" : "N", refund_fee: yuan(refunded), gmt_refund_pay: chinaWallTime(r.settled_at ?? r.created_at),
  };
}

/** alipay.trade.fastpay.refund.query: 10000 with the refund, or 10000 with nothing for a request Alipay has no refund for. */
function refundQuery(ctx: Ctx, _d: AlipayDialect, biz: Biz): Biz {
  const input = parse(TradeRef.extend({ out_request_no: z.string().min(1).max(64) }), biz);
  const charge = tradeOf(ctx, biz);
  const r = sql(ctx.db, "SELECT r.* FROM refunds r JOIN payments p ON p.id = r.payment_id WHERE r.merchant_refund_ref = ? AND p.charge_id = ?").get(input.out_request_no, charge.id) as RefundRow | undefined;
  const base = { out_trade_no: charge.merchant_ref, out_request_no: input.out_request_no };
  if (!r || r.status === "failed") return base;
  return {
    ...base, trade_no: r.payment_id, total_amount: yuan(charge.amount), refund_amount: yuan(r.amount),
    refund_status: r.status === "succeeded" ? "REFUND_SUCCESS" : "REFUND_PROCESSING", ...(r.settled_at ? { gmt_refund_pay: chinaWallTime(r.settled_at) } : {}),
  };
}

const BILL_URL_MS = 30_000;

/** A day's bill exists once the China day is over; its address lives 30 seconds. */
function billUrl(ctx: Ctx, d: AlipayDialect, biz: Biz, req: ApiRequest): Biz {
  const input = parse(z.object({ bill_type: z.literal("trade"), bill_date: z.string() }), biz);
  const range = chinaDay(input.bill_date);
  if (!range) throw new Refusal("isv.invalid-bill-date", "账单日期格式不正确", "40002");
  if (range[1] > ctx.now()) throw new Refusal("isp.bill_not_exist", "账单不存在");
  const expires = ctx.now() + BILL_URL_MS;
  const query = new URLSearchParams({ bizType: "trade", userId: d.sellerId, fileType: "csv.zip", bizDates: input.bill_date.replaceAll("-", ""), timestamp: String(expires), token: billToken(d, input.bill_date, expires) });
  return { bill_download_url: `http://${req.headers.host ?? "127.0.0.1"}/downloadBillFile.resource?${query.toString()}` };
}

function billDownload(ctx: Ctx, d: AlipayDialect, req: ApiRequest): ApiResponse {
  const dates = req.query.get("bizDates") ?? "";
  const day = `${dates.slice(0, 4)}-${dates.slice(4, 6)}-${dates.slice(6, 8)}`;
  const expires = Number(req.query.get("timestamp"));
  const range = chinaDay(day);
  if (!range || !(expires >= ctx.now()) || req.query.get("token") !== billToken(d, day, expires)) throw new ApiError(403, "forbidden", "the bill's address is wrong or older than 30 seconds");
  return { status: 200, contentType: "application/zip", body: billZip(ctx, d, day, range), headers: { "content-disposition": `attachment; filename="${d.sellerId}_${dates}.csv.zip"` } };
}
