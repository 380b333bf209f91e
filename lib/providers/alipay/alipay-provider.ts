import { isProviderError, ProviderError, type CreateChargeInput, type PaymentProvider, type ProviderCharge, type ProviderPayment, type ProviderRefund } from "@/lib/providers/types";
import { fenToYuan, yuanToFen } from "./amount";
import { downloadBusinessDetailBill } from "./bill-download";
import type { AlipayConfig } from "./config";
import { gatewayCall, type GatewayAnswer } from "./gateway";
import { alipayRefundId, parseAlipayRefundId } from "./ids";
import { verifyAlipayNotification } from "./notifications";
import { fromChinaTime, toChinaTime } from "./time";

const NOT_EXIST = "ACQ.TRADE_NOT_EXIST";

/** Characters Alipay refuses in a subject. */
const SUBJECT_FORBIDDEN = /[/=&]/g;

const text = (answer: GatewayAnswer, key: string): string | null => {
  const value = answer[key];
  return typeof value === "string" && value !== "" ? value : null;
};

function amountOf(answer: GatewayAnswer, key: string, method: string): number {
  const fen = yuanToFen(text(answer, key) ?? "");
  if (fen === null) throw new ProviderError("unavailable", `Alipay ${method}: ${key} is not an amount of yuan`);
  return fen;
}

/**
 * Alipay 当面付 (face-to-face, precreate: the customer scans Till's QR) over the
 * OpenAPI v2 gateway, behind Till's provider port. The charge is the trade as
 * Till names it (`out_trade_no` = the order's provider_ref); its payment is the
 * trade as Alipay names it (`trade_no`).
 */
export class AlipayProvider implements PaymentProvider {
  readonly kind = "alipay";

  constructor(private readonly config: AlipayConfig) {}

  async createCharge(input: CreateChargeInput): Promise<ProviderCharge> {
    if (input.currency !== "CNY") throw new ProviderError("rejected", `Alipay 当面付 takes CNY, not ${input.currency}`, { status: 422, code: "unsupported_currency" });
    const answer = await gatewayCall(this.config, {
      method: "alipay.trade.precreate",
      write: true,
      notifyUrl: input.notifyUrl,
      bizContent: {
        out_trade_no: input.merchantRef,
        total_amount: fenToYuan(input.amount),
        subject: input.description.replace(SUBJECT_FORBIDDEN, " ").slice(0, 256) || input.merchantRef,
        product_code: "FACE_TO_FACE_PAYMENT",
        time_expire: toChinaTime(input.expiresAt),
        ...(this.config.sellerId ? { seller_id: this.config.sellerId } : {}),
      },
    });
    const qrCode = text(answer, "qr_code");
    if (!qrCode || text(answer, "out_trade_no") !== input.merchantRef) {
      throw new ProviderError("unknown_outcome", "Alipay alipay.trade.precreate: the answer has no qr_code for this out_trade_no");
    }
    return {
      providerChargeId: input.merchantRef,
      merchantRef: input.merchantRef,
      amount: input.amount,
      currency: "CNY",
      status: "pending",
      qrContent: qrCode,
      expiresAt: input.expiresAt,
      payments: [],
    };
  }

  /**
   * alipay.trade.query. A precreated trade nobody has scanned does not exist
   * for Alipay yet (ACQ.TRADE_NOT_EXIST): null. The query does not repeat the
   * QR or the expiry: the charge it answers has an empty qrContent and its
   * expiry unknown (the epoch); Till keeps both from the precreate.
   */
  async getCharge(merchantRef: string): Promise<ProviderCharge | null> {
    let answer: GatewayAnswer;
    try {
      answer = await gatewayCall(this.config, { method: "alipay.trade.query", write: false, bizContent: { out_trade_no: merchantRef } });
    } catch (error) {
      if (isProviderError(error, "rejected") && error.rejection?.code === NOT_EXIST) return null;
      throw error;
    }
    const method = "alipay.trade.query";
    const amount = amountOf(answer, "total_amount", method);
    const tradeStatus = text(answer, "trade_status");
    const tradeNo = text(answer, "trade_no");
    const paidAt = fromChinaTime(text(answer, "send_pay_date") ?? "");
    // TRADE_CLOSED is also a paid trade refunded in full: it was paid when it has a payment date.
    const paid = tradeStatus === "TRADE_SUCCESS" || tradeStatus === "TRADE_FINISHED" || (tradeStatus === "TRADE_CLOSED" && paidAt !== null);
    const payments: ProviderPayment[] = [];
    if (paid) {
      if (!tradeNo || !paidAt) throw new ProviderError("unavailable", `Alipay ${method}: a paid trade without trade_no or send_pay_date`);
      payments.push({
        providerPaymentId: tradeNo,
        providerChargeId: merchantRef,
        merchantRef,
        amount,
        currency: "CNY",
        payer: text(answer, "buyer_logon_id") ?? text(answer, "buyer_user_id"),
        paidAt,
      });
    }
    return {
      providerChargeId: merchantRef,
      merchantRef,
      amount,
      currency: "CNY",
      status: paid ? "succeeded" : tradeStatus === "TRADE_CLOSED" ? "closed" : "pending",
      qrContent: "",
      expiresAt: new Date(0),
      payments,
    };
  }

  /**
   * alipay.trade.close. A trade nobody scanned is unknown to Alipay: "not_found"
   * (its QR still expires at the time_expire the precreate gave). A trade that
   * cannot be closed (ACQ.TRADE_STATUS_ERROR) is asked about: paid, or already closed.
   */
  async closeCharge(merchantRef: string): Promise<"closed" | "succeeded" | "not_found"> {
    try {
      await gatewayCall(this.config, { method: "alipay.trade.close", write: true, bizContent: { out_trade_no: merchantRef } });
      return "closed";
    } catch (error) {
      if (!isProviderError(error, "rejected")) throw error;
      if (error.rejection?.code === NOT_EXIST) return "not_found";
      if (error.rejection?.code !== "ACQ.TRADE_STATUS_ERROR") throw error;
    }
    const charge = await this.getCharge(merchantRef);
    if (!charge) return "not_found";
    return charge.status === "succeeded" ? "succeeded" : "closed";
  }

  /**
   * alipay.trade.refund with `out_request_no` = Till's refund key (the same key
   * again is the same refund). `fund_change` Y means the money moved now; N is
   * also the answer to a repeat of a refund that moved before, so Till then asks
   * (alipay.trade.fastpay.refund.query) rather than guess.
   */
  async refund(input: { providerPaymentId: string; amount: number; reason: string; refundKey: string }): Promise<ProviderRefund> {
    const answer = await gatewayCall(this.config, {
      method: "alipay.trade.refund",
      write: true,
      bizContent: {
        trade_no: input.providerPaymentId,
        refund_amount: fenToYuan(input.amount),
        out_request_no: input.refundKey,
        refund_reason: input.reason.slice(0, 256),
      },
    });
    const providerRefundId = alipayRefundId(input.providerPaymentId, input.refundKey);
    if (text(answer, "fund_change") === "Y") {
      return this.refundOf(input.providerPaymentId, input.refundKey, input.amount, "succeeded", fromChinaTime(text(answer, "gmt_refund_pay") ?? "") ?? this.now());
    }
    const known = await this.getRefund(input.refundKey, providerRefundId);
    return known ?? this.refundOf(input.providerPaymentId, input.refundKey, input.amount, "pending", null);
  }

  /**
   * alipay.trade.fastpay.refund.query needs the trade, which only the provider
   * id holds: without it (a crash lost the answer) this is null, and Till sends
   * the refund again under the same key, which Alipay treats as the same refund.
   */
  async getRefund(refundKey: string, providerRefundId?: string | null): Promise<ProviderRefund | null> {
    const ids = providerRefundId ? parseAlipayRefundId(providerRefundId) : null;
    if (!ids || ids.outRequestNo !== refundKey) return null;
    let answer: GatewayAnswer;
    try {
      answer = await gatewayCall(this.config, {
        method: "alipay.trade.fastpay.refund.query",
        write: false,
        bizContent: { trade_no: ids.tradeNo, out_request_no: ids.outRequestNo, query_options: ["gmt_refund_pay"] },
      });
    } catch (error) {
      if (isProviderError(error, "rejected") && error.rejection?.code === NOT_EXIST) return null;
      throw error;
    }
    // Alipay answers 10000 with no refund data for a request it has no refund for.
    if (!text(answer, "refund_amount")) return null;
    const amount = amountOf(answer, "refund_amount", "alipay.trade.fastpay.refund.query");
    const status = text(answer, "refund_status");
    if (status !== null && status !== "REFUND_SUCCESS") return this.refundOf(ids.tradeNo, refundKey, amount, "pending", null);
    return this.refundOf(ids.tradeNo, refundKey, amount, "succeeded", fromChinaTime(text(answer, "gmt_refund_pay") ?? "") ?? this.now());
  }

  /** alipay.data.dataservice.bill.downloadurl.query (the trade bill of a day), then the file's 业务明细 CSV, GBK as Alipay writes it. */
  async fetchStatement(day: string): Promise<AsyncIterable<Uint8Array>> {
    const answer = await gatewayCall(this.config, {
      method: "alipay.data.dataservice.bill.downloadurl.query",
      write: false,
      bizContent: { bill_type: "trade", bill_date: day },
    });
    const url = text(answer, "bill_download_url");
    if (!url) throw new ProviderError("rejected", `Alipay has no bill for ${day}`, { status: 422, code: text(answer, "bill_file_code") ?? "no_bill" });
    return downloadBusinessDetailBill(url, this.config.timeoutMs);
  }

  verifyNotification(rawBody: string, _headers: Headers) {
    return verifyAlipayNotification(this.config, rawBody);
  }

  private now(): Date {
    return this.config.now?.() ?? new Date();
  }

  private refundOf(tradeNo: string, refundKey: string, amount: number, status: "succeeded" | "pending", settledAt: Date | null): ProviderRefund {
    return {
      providerRefundId: alipayRefundId(tradeNo, refundKey),
      providerPaymentId: tradeNo,
      refundKey,
      amount,
      currency: "CNY",
      status,
      failureReason: null,
      settledAt,
    };
  }
}
