import { createHash } from "node:crypto";
import { z } from "zod";
import { closeCharge, createCharge } from "../charges";
import { expireOverdue, findChargeByRef, paymentsOf, type ChargeRow } from "../charge-store";
import type { Ctx } from "../context";
import { sql } from "../db";
import { ApiError } from "../errors";
import type { ApiRequest, ApiResponse, Route } from "../http";
import { createRefund } from "../refunds";
import type { RefundRow } from "../refund-store";
import { merchantSigned, wechatAnswer, wechatError, type WechatDialect } from "./dialect";
import { tradeBill } from "./trade-bill";
import { markWechatCharge, refundJson, transactionJson } from "./wire";

type Handler = (ctx: Ctx, d: WechatDialect, req: ApiRequest) => ApiResponse;

/** Sandbox Pay's errors in WeChat's words (status, code). */
const ERRORS: Record<string, [number, string]> = {
  not_found: [404, "ORDER_NOT_EXIST"],
  invalid_request: [400, "PARAM_ERROR"],
  merchant_ref_conflict: [400, "OUT_TRADE_NO_USED"],
  idempotency_conflict: [400, "INVALID_REQUEST"],
  amount_exceeds_refundable: [403, "NOT_ENOUGH"],
  charge_succeeded: [400, "ORDERPAID"],
};

const NativeCreate = z.object({
  appid: z.string().min(1).max(32),
  mchid: z.string().min(1).max(32),
  description: z.string().min(1).max(127),
  out_trade_no: z.string().min(6).max(32),
  time_expire: z.string(),
  notify_url: z.url(),
  amount: z.object({ total: z.int().positive(), currency: z.literal("CNY").default("CNY") }),
});

const RefundCreate = z.object({
  transaction_id: z.string().optional(),
  out_trade_no: z.string().optional(),
  out_refund_no: z.string().min(1).max(64),
  reason: z.string().max(80).optional(),
  notify_url: z.url().optional(),
  amount: z.object({ refund: z.int().positive(), total: z.int().positive(), currency: z.literal("CNY") }),
});

/** The WeChat Pay APIv3 endpoints Till's adapter calls, each answering signed, in WeChat's shapes. */
export function wechatRoutes(ctx: Ctx): Route[] {
  const r = (method: Route["method"], path: string, handler: Handler): Route => ({
    method,
    path,
    // Not the bearer key: every call carries the merchant's WECHATPAY2 signature instead.
    access: "public",
    handler: (req) => {
      const d = ctx.wechat;
      if (!d) throw new ApiError(404, "not_found", "the WeChat Pay dialect is not enabled on this Sandbox Pay");
      const now = ctx.now();
      if (!merchantSigned(d, { method, url: req.url, body: req.rawBody, authorization: req.headers.authorization, nowMs: now })) {
        return wechatError(d, 401, "SIGN_ERROR", "签名错误", now);
      }
      try {
        return handler(ctx, d, req);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        // WeChat's own codes (upper case) pass as they are.
        const [status, code] = ERRORS[e.code] ?? (/^[A-Z_]+$/.test(e.code) ? [e.status, e.code] : [e.status >= 500 ? 500 : 400, e.status >= 500 ? "SYSTEM_ERROR" : "INVALID_REQUEST"]);
        return wechatError(d, status, code, e.message, now);
      }
    },
  });
  return [
    r("POST", "/v3/pay/transactions/native", nativeCreate),
    r("GET", "/v3/pay/transactions/out-trade-no/:ref", (c, d, req) => wechatAnswer(d, 200, transactionJson(c, d, chargeByRef(c, req.params.ref!)), c.now())),
    r("GET", "/v3/pay/transactions/id/:id", transactionById),
    r("POST", "/v3/pay/transactions/out-trade-no/:ref/close", nativeClose),
    r("POST", "/v3/refund/domestic/refunds", refundCreate),
    r("GET", "/v3/refund/domestic/refunds/:key", refundQuery),
    r("GET", "/v3/bill/tradebill", (c, d, req) => wechatAnswer(d, 200, billAnswer(c, req), c.now())),
    r("GET", "/v3/billdownload/file", billDownload),
  ];
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new ApiError(400, "invalid_request", z.prettifyError(result.error));
  return result.data;
}

function chargeByRef(ctx: Ctx, ref: string): ChargeRow {
  const charge = ctx.db.transaction(() => {
    expireOverdue(ctx);
    return findChargeByRef(ctx, ref);
  }).immediate();
  if (!charge) throw new ApiError(404, "not_found", "订单不存在");
  return charge;
}

/** The sandbox's own JSON answer of a core handler. */
const bodyOf = (answer: ApiResponse) => JSON.parse(answer.body.toString()) as Record<string, unknown>;

function nativeCreate(ctx: Ctx, d: WechatDialect, req: ApiRequest): ApiResponse {
  const input = parse(NativeCreate, req.body);
  if (input.mchid !== d.mchid || input.appid !== d.appid) throw new ApiError(400, "invalid_request", "appid 和 mchid 不匹配");
  const charge = bodyOf(
    createCharge(ctx, {
      ...req,
      body: { merchant_ref: input.out_trade_no, amount: input.amount.total, currency: input.amount.currency, description: input.description, expires_at: input.time_expire, notify_url: input.notify_url },
    }),
  );
  markWechatCharge(ctx, String(charge.id));
  // The phone page's address, so that a phone can open the QR (WeChat's would be weixin://…).
  return wechatAnswer(d, 200, { code_url: charge.qr_content }, ctx.now());
}

function transactionById(ctx: Ctx, d: WechatDialect, req: ApiRequest): ApiResponse {
  const row = sql(ctx.db, "SELECT c.merchant_ref FROM payments p JOIN charges c ON c.id = p.charge_id WHERE p.id = ?").get(req.params.id!) as { merchant_ref: string } | undefined;
  if (!row) throw new ApiError(404, "not_found", "订单不存在");
  return wechatAnswer(d, 200, transactionJson(ctx, d, chargeByRef(ctx, row.merchant_ref)), ctx.now());
}

function nativeClose(ctx: Ctx, d: WechatDialect, req: ApiRequest): ApiResponse {
  const charge = chargeByRef(ctx, req.params.ref!);
  closeCharge(ctx, { ...req, params: { id: charge.id } });
  return wechatAnswer(d, 204, undefined, ctx.now());
}

function refundCreate(ctx: Ctx, d: WechatDialect, req: ApiRequest): ApiResponse {
  const input = parse(RefundCreate, req.body);
  const payment = input.transaction_id
    ? (sql(ctx.db, "SELECT id, amount FROM payments WHERE id = ?").get(input.transaction_id) as { id: string; amount: number } | undefined)
    : input.out_trade_no
      ? paymentsOf(ctx, chargeByRef(ctx, input.out_trade_no).id)[0]
      : undefined;
  if (!payment) throw new ApiError(404, "not_found", "订单不存在");
  if (payment.amount !== input.amount.total) throw new ApiError(400, "invalid_request", "amount.total 与订单金额不一致");
  const refund = bodyOf(
    createRefund(ctx, { ...req, headers: { ...req.headers, "idempotency-key": input.out_refund_no }, body: { payment_id: payment.id, amount: input.amount.refund, reason: input.reason ?? null } }),
  );
  return wechatAnswer(d, 200, refundJson(ctx, sql(ctx.db, "SELECT * FROM refunds WHERE id = ?").get(refund.id) as RefundRow), ctx.now());
}

function refundQuery(ctx: Ctx, d: WechatDialect, req: ApiRequest): ApiResponse {
  const refund = sql(ctx.db, "SELECT * FROM refunds WHERE merchant_refund_ref = ?").get(req.params.key!) as RefundRow | undefined;
  if (!refund) return wechatAnswer(d, 404, { code: "RESOURCE_NOT_EXISTS", message: "退款单不存在" }, ctx.now());
  return wechatAnswer(d, 200, refundJson(ctx, refund), ctx.now());
}

function billAnswer(ctx: Ctx, req: ApiRequest) {
  const day = req.query.get("bill_date") ?? "";
  if (req.query.get("bill_type") !== "ALL") throw new ApiError(400, "invalid_request", "Sandbox Pay writes bill_type ALL only");
  const bill = tradeBill(ctx, day);
  const host = req.headers.host ?? "127.0.0.1";
  return {
    hash_type: "SHA1",
    hash_value: createHash("sha1").update(bill).digest("hex"),
    download_url: `http://${host}/v3/billdownload/file?token=${encodeURIComponent(day)}`,
  };
}

/** The file itself: not signed (its SHA-1 was), as WeChat Pay sends it. */
function billDownload(ctx: Ctx, _d: WechatDialect, req: ApiRequest): ApiResponse {
  return { status: 200, contentType: "text/csv; charset=utf-8", body: tradeBill(ctx, req.query.get("token") ?? "") };
}
