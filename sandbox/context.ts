import type { Db } from "./db";
import type { AlipayDialect } from "./alipay/dialect";
import type { WechatDialect } from "./wechat/dialect";

/** What every handler needs; built once per running server. */
export interface Ctx {
  db: Db;
  /** Epoch ms; a test may inject its own clock (never an HTTP control). */
  now(): number;
  publicUrl: string;
  merchantName: string;
  webhookSecret: string;
  retryScale: number;
  refundSettleMs: number;
  /** Look for due webhook deliveries now (after an event was stored). */
  kickNotifier(): void;
  /** When set, Sandbox Pay also speaks WeChat Pay APIv3 (sandbox/wechat). */
  wechat?: WechatDialect;
  /** When set, Sandbox Pay also speaks Alipay's OpenAPI v2 gateway (sandbox/alipay). */
  alipay?: AlipayDialect;
  /** Arm the timer that settles a pending refund at `settleAt`. */
  scheduleRefund(id: string, settleAt: number): void;
}
