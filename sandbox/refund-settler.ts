import type { Ctx } from "./context";
import { pendingRefunds, settleRefund } from "./refund-store";
import { log } from "./log";

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * In-memory timers over durable state: each pending refund stores its
 * `settle_at`, so on start every pending refund is simply scheduled again
 * (immediately when its time passed while the sandbox was down).
 */
export class RefundSettler {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly ctx: Ctx) {}

  start(): void {
    for (const refund of pendingRefunds(this.ctx)) this.schedule(refund.id, refund.settle_at);
  }

  schedule(id: string, settleAt: number): void {
    if (this.closed) return;
    clearTimeout(this.timers.get(id));
    const delay = Math.min(Math.max(settleAt - this.ctx.now(), 0), MAX_TIMER_MS);
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        try {
          settleRefund(this.ctx, id);
        } catch (e) {
          log.error({ err: e, refundId: id }, "settling a refund failed");
        }
      }, delay),
    );
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
