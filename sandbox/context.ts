import type { Db } from "./db";

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
  /** Arm the timer that settles a pending refund at `settleAt`. */
  scheduleRefund(id: string, settleAt: number): void;
}
