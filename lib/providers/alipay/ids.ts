/**
 * Alipay has no id of its own for a refund: a refund is its trade (`trade_no`)
 * and the request number Till sent (`out_request_no`, Till's refund key). Till
 * keeps both as the refund's provider id, so that it can ask about it again and
 * match the bill's line (支付宝交易号 + 退款批次号/请求号) to it.
 */
export function alipayRefundId(tradeNo: string, outRequestNo: string): string {
  return `${tradeNo}:${outRequestNo}`;
}

/** The trade and request number of a refund's provider id; null when it is not one. */
export function parseAlipayRefundId(id: string): { tradeNo: string; outRequestNo: string } | null {
  const at = id.indexOf(":");
  if (at <= 0 || at === id.length - 1) return null;
  return { tradeNo: id.slice(0, at), outRequestNo: id.slice(at + 1) };
}
