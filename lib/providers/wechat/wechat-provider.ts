import { z } from "zod";
import {
  isProviderError,
  ProviderError,
  type CreateChargeInput,
  type PaymentProvider,
  type ProviderCharge,
  type ProviderRefund,
} from "@/lib/providers/types";
import { wechatPayKeys, type WechatPayConfig } from "./config";
import { wechatCall, wechatDownload, type WechatClient } from "./http-client";
import { verifyWechatNotification, wechatFailAnswer } from "./notifications";
import { chinaDayPeriod, chinaRfc3339 } from "./time";
import { paymentOf, refundOf, TRADE_STATE, wireRefund, wireTransaction } from "./wire";

const nativeAnswer = z.object({ code_url: z.string().min(1).max(512) });
const billAnswer = z.object({ hash_type: z.literal("SHA1"), hash_value: z.string().regex(/^[0-9a-fA-F]{40}$/), download_url: z.url() });
const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/;
const OUT_REFUND_NO = /^[0-9A-Za-z_\-|*@]{1,64}$/;
/** WeChat Pay's answers when a bill does not exist (yet) for a day. */
const NO_BILL_CODES = new Set(["NO_STATEMENT_EXIST", "STATEMENT_CREATING"]);

/** Cuts text to at most `max` UTF-8 bytes without splitting a character (WeChat counts bytes). */
function clip(text: string, max: number): string {
  let out = "";
  for (const ch of text) {
    if (Buffer.byteLength(out + ch, "utf8") > max) break;
    out += ch;
  }
  return out;
}

/**
 * WeChat Pay APIv3, Native payment, behind Till's provider port. The order's
 * provider_ref is the out_trade_no (WeChat has no charge id of its own before
 * payment); a payment is the transaction_id; a refund key is the out_refund_no.
 */
export class WechatPayProvider implements PaymentProvider {
  readonly kind = "wechat";
  private readonly client: WechatClient;

  constructor(private readonly config: WechatPayConfig) {
    this.client = { config, keys: wechatPayKeys(config) };
  }

  async createCharge(input: CreateChargeInput): Promise<ProviderCharge> {
    if (input.currency !== "CNY") throw new ProviderError("rejected", "WeChat Pay Native takes CNY only", { status: 400, code: "PARAM_ERROR" });
    if (!OUT_TRADE_NO.test(input.merchantRef)) throw new ProviderError("rejected", "out_trade_no must be 6–32 of [0-9A-Za-z_-|*]", { status: 400, code: "PARAM_ERROR" });
    const result = await wechatCall(this.client, {
      method: "POST",
      path: "/v3/pay/transactions/native",
      body: {
        appid: this.config.appid,
        mchid: this.config.mchid,
        description: clip(input.description || input.merchantRef, 127),
        out_trade_no: input.merchantRef,
        time_expire: chinaRfc3339(input.expiresAt),
        notify_url: input.notifyUrl,
        amount: { total: input.amount, currency: "CNY" },
      },
    });
    if (!result) throw new ProviderError("rejected", "WeChat Pay has no Native endpoint here", { status: 404, code: "NOT_FOUND" });
    const answer = nativeAnswer.safeParse(result.body);
    if (!answer.success) throw new ProviderError("unknown_outcome", "WeChat Pay's Native answer has no code_url");
    return {
      providerChargeId: input.merchantRef,
      merchantRef: input.merchantRef,
      amount: input.amount,
      currency: "CNY",
      status: "pending",
      qrContent: answer.data.code_url,
      expiresAt: input.expiresAt,
      payments: [],
    };
  }

  /**
   * The order by out_trade_no. WeChat's query answers neither the QR content
   * nor the expiry: they come back empty and as the Unix epoch (callers read
   * the status and the payments).
   */
  async getCharge(merchantRef: string): Promise<ProviderCharge | null> {
    const result = await wechatCall(this.client, {
      method: "GET",
      path: `/v3/pay/transactions/out-trade-no/${encodeURIComponent(merchantRef)}?mchid=${encodeURIComponent(this.config.mchid)}`,
    });
    if (!result) return null;
    const transaction = wireTransaction.safeParse(result.body);
    if (!transaction.success) throw new ProviderError("unavailable", "WeChat Pay's order answer is not one Till reads");
    const t = transaction.data;
    const payment = paymentOf(t);
    return {
      providerChargeId: t.out_trade_no,
      merchantRef: t.out_trade_no,
      amount: t.amount?.total ?? 0,
      currency: t.amount?.currency ?? "CNY",
      status: TRADE_STATE[t.trade_state],
      qrContent: "",
      expiresAt: new Date(0),
      payments: payment ? [payment] : [],
    };
  }

  /** Closes an unpaid order; a paid one answers "succeeded" and is left alone. */
  async closeCharge(merchantRef: string): Promise<"closed" | "succeeded" | "not_found"> {
    const charge = await this.getCharge(merchantRef);
    if (!charge) return "not_found";
    if (charge.status === "succeeded") return "succeeded";
    if (charge.status === "closed") return "closed";
    try {
      await wechatCall(this.client, {
        method: "POST",
        path: `/v3/pay/transactions/out-trade-no/${encodeURIComponent(merchantRef)}/close`,
        body: { mchid: this.config.mchid },
      });
      return "closed";
    } catch (error) {
      // Paid between the look and the close.
      if (isProviderError(error, "rejected") && error.rejection?.code === "ORDERPAID") return "succeeded";
      throw error;
    }
  }

  /**
   * A refund of a payment (transaction_id). WeChat wants the order's total
   * with it, so the transaction is read first; out_refund_no is Till's refund
   * key, which makes a repeated request the same refund.
   */
  async refund(input: { providerPaymentId: string; amount: number; reason: string; refundKey: string }): Promise<ProviderRefund> {
    if (!OUT_REFUND_NO.test(input.refundKey)) throw new ProviderError("rejected", "out_refund_no must be 1–64 of [0-9A-Za-z_-|*@]", { status: 400, code: "PARAM_ERROR" });
    const found = await wechatCall(this.client, {
      method: "GET",
      path: `/v3/pay/transactions/id/${encodeURIComponent(input.providerPaymentId)}?mchid=${encodeURIComponent(this.config.mchid)}`,
    });
    if (!found) throw new ProviderError("rejected", "WeChat Pay does not know this payment", { status: 404, code: "ORDER_NOT_EXIST" });
    const transaction = wireTransaction.safeParse(found.body);
    if (!transaction.success || transaction.data.amount?.total === undefined) throw new ProviderError("unavailable", "WeChat Pay's order answer is not one Till reads");
    const result = await wechatCall(this.client, {
      method: "POST",
      path: "/v3/refund/domestic/refunds",
      body: {
        transaction_id: input.providerPaymentId,
        out_refund_no: input.refundKey,
        reason: clip(input.reason, 80) || undefined,
        notify_url: this.config.refundNotifyUrl,
        amount: { refund: input.amount, total: transaction.data.amount.total, currency: "CNY" },
      },
    });
    if (!result) throw new ProviderError("rejected", "WeChat Pay does not know this payment", { status: 404, code: "ORDER_NOT_EXIST" });
    const refund = wireRefund.safeParse(result.body);
    if (!refund.success) throw new ProviderError("unknown_outcome", "WeChat Pay's refund answer is not one Till reads");
    return refundOf(refund.data);
  }

  /** By out_refund_no (Till's key), which WeChat Pay looks refunds up by; the provider id is not needed. */
  async getRefund(refundKey: string): Promise<ProviderRefund | null> {
    const result = await wechatCall(this.client, { method: "GET", path: `/v3/refund/domestic/refunds/${encodeURIComponent(refundKey)}` });
    if (!result) return null;
    const refund = wireRefund.safeParse(result.body);
    if (!refund.success) throw new ProviderError("unavailable", "WeChat Pay's refund answer is not one Till reads");
    return refundOf(refund.data);
  }

  /**
   * The trade bill (bill_type ALL, uncompressed) of a day, streamed and checked
   * against its SHA-1. WeChat Pay's bill days are China days: `day` is sent as
   * the bill_date as it is.
   */
  async fetchStatement(day: string): Promise<AsyncIterable<Uint8Array>> {
    if (!chinaDayPeriod(day)) throw new ProviderError("rejected", `${day} is not a day`, { status: 422, code: "PARAM_ERROR" });
    let result;
    try {
      result = await wechatCall(this.client, { method: "GET", path: `/v3/bill/tradebill?bill_date=${day}&bill_type=ALL` });
    } catch (error) {
      if (isProviderError(error, "rejected") && NO_BILL_CODES.has(error.rejection?.code ?? "")) {
        throw new ProviderError("rejected", `no bill for ${day} yet`, { status: 422, code: error.rejection!.code });
      }
      throw error;
    }
    if (!result) throw new ProviderError("rejected", `no bill for ${day}`, { status: 422, code: "NO_STATEMENT_EXIST" });
    const bill = billAnswer.safeParse(result.body);
    if (!bill.success) throw new ProviderError("unavailable", "WeChat Pay's bill answer is not one Till reads");
    return wechatDownload(this.client, bill.data.download_url, bill.data.hash_value);
  }

  verifyNotification(rawBody: string, headers: Headers) {
    return verifyWechatNotification(this.config, this.client.keys, rawBody, headers);
  }

  /** WeChat Pay reads any 4xx/5xx as "not received" and retries; the body says why, its way. */
  rejectionAnswer(reason: string) {
    return wechatFailAnswer(reason);
  }
}
