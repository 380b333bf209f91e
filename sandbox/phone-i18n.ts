export type Lang = "zh" | "en";

export const STRINGS = {
  zh: {
    htmlLang: "zh-CN",
    locale: "zh-CN",
    title: "Sandbox Pay 收银台",
    sandbox: "沙箱",
    other: "English",
    payTo: "付款给",
    pay: "确认支付",
    timeLeft: "剩余支付时间",
    expired: "二维码已过期",
    closed: "订单已关闭",
    succeeded: "订单已支付",
    total: "订单金额",
    paidSoFar: "已付",
    due: "还需支付",
    payRest: "支付剩余",
    options: "沙箱测试选项",
    optionsHint: "仅供测试：以下按钮会支付与应付金额不同的金额，或重复支付，用于检验商户对多付、少付和重复付款的处理。",
    otherAmount: "支付其他金额（多付或少付）",
    payOther: "支付该金额",
    payTwice: "连续支付两次（重复付款）",
    force: "强制支付（即使已过期、已关闭或已支付）",
    badAmount: "请输入有效金额",
    notPayable: "该订单已无法支付（可勾选“强制支付”）",
    failed: "支付失败",
    success: "支付成功",
    paymentId: "支付单号",
    merchant: "收款方",
    done: "完成",
    note: "模拟支付环境，不会产生真实扣款",
    notFound: "找不到该付款码",
    notFoundHint: "请向收银员确认二维码是否正确。",
  },
  en: {
    htmlLang: "en",
    locale: "en-US",
    title: "Sandbox Pay checkout",
    sandbox: "Sandbox",
    other: "中文",
    payTo: "Pay to",
    pay: "Pay",
    timeLeft: "Time left",
    expired: "This code has expired",
    closed: "This order was closed",
    succeeded: "This order is paid",
    total: "Order total",
    paidSoFar: "Already paid",
    due: "Still to pay",
    payRest: "Pay the rest",
    options: "Sandbox test options",
    optionsHint: "For tests only: these buttons pay an amount other than what is due, or pay twice, to try how the merchant handles overpaid, underpaid and duplicate payments.",
    otherAmount: "Pay a different amount (over- or underpayment)",
    payOther: "Pay this amount",
    payTwice: "Pay twice (duplicate payment)",
    force: "Force (pay even if expired, closed or paid)",
    badAmount: "Enter a valid amount",
    notPayable: "This code can no longer be paid (tick “Force” to pay anyway)",
    failed: "Payment failed",
    success: "Payment successful",
    paymentId: "Payment ID",
    merchant: "Merchant",
    done: "Done",
    note: "Simulated payment: no real money moves",
    notFound: "Payment code not found",
    notFoundHint: "Ask the cashier to check the QR code.",
  },
} satisfies Record<Lang, Record<string, string>>;

export type Strings = (typeof STRINGS)[Lang];

/** `?lang=` wins; else the most preferred zh or en tag in Accept-Language; else English. */
export function pickLang(query: string | null, acceptLanguage: string | undefined): Lang {
  if (query === "zh" || query === "en") return query;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q) };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag === "zh" || tag.startsWith("zh-")) return "zh";
    if (tag === "en" || tag.startsWith("en-")) return "en";
  }
  return "en";
}
