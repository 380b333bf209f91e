import { setTimeout as sleep } from "node:timers/promises";
import type { Ctx } from "./context";
import { sql } from "./db";
import { attemptDelivery, ATTEMPT_TIMEOUT_MS, type AttemptResult } from "./delivery";
import { readFaults } from "./faults";
import { nextAttempt } from "./retry-schedule";
import { log } from "./log";
import { alipayDelivery } from "./alipay/notifications";
import { wechatDelivery } from "./wechat/notifications";

interface DueEvent {
  id: string;
  charge_id: string;
  notify_url: string;
  body: string;
  next_attempt_at: number;
  next_slot: number;
  first_attempt_at: number | null;
  duplicates_owed: number;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Delivers stored events, at least once. The events table is the queue: an
 * event is due when `next_attempt_at` has passed, so a restart resumes simply
 * by looking at the table again. While an attempt runs, `next_attempt_at` is
 * pushed out as a lease; a crash mid-attempt makes it due again later.
 */
export class Notifier {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private closed = false;

  constructor(private readonly ctx: Ctx) {}

  kick(): void {
    if (this.closed) return;
    clearTimeout(this.timer);
    const now = this.ctx.now();
    const due = sql(
      this.ctx.db,
      "SELECT * FROM events WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT 100",
    ).all(now) as DueEvent[];
    for (const event of due) if (!this.running.has(event.id)) this.launch(event);
    const { next } = sql(
      this.ctx.db,
      "SELECT MIN(next_attempt_at) AS next FROM events WHERE state = 'pending'",
    ).get() as { next: number | null };
    if (next === null) return;
    this.timer = setTimeout(() => this.kick(), Math.min(Math.max(next - now, 0), MAX_TIMER_MS));
  }

  /** Stops new attempts, cancels running ones (they stay due) and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await Promise.allSettled(this.running.values());
  }

  private launch(event: DueEvent): void {
    const faults = readFaults(this.ctx.db);
    const lease = this.ctx.now() + faults.max_delay_ms + 3 * ATTEMPT_TIMEOUT_MS;
    sql(this.ctx.db, "UPDATE events SET next_attempt_at = ? WHERE id = ?").run(lease, event.id);
    const run = this.round(event)
      .catch((e: unknown) => log.error({ err: e, eventId: event.id }, "delivering an event failed unexpectedly"))
      .finally(() => {
        this.running.delete(event.id);
        this.kick();
      });
    this.running.set(event.id, run);
  }

  /** One scheduled attempt; with duplicates, 2 sends at once and a third after them. */
  private async round(event: DueEvent): Promise<void> {
    const faults = readFaults(this.ctx.db);
    const signal = this.abort.signal;
    const send = () =>
      attemptDelivery({
        url: event.notify_url,
        eventId: event.id,
        body: event.body,
        secret: this.ctx.webhookSecret,
        now: () => this.ctx.now(),
        signal,
        drop: Math.random() < faults.drop_rate,
        badSignature: Math.random() < faults.bad_signature_rate,
        dialect: wechatDelivery(this.ctx, event.charge_id) ?? alipayDelivery(this.ctx, event.charge_id),
      });
    const delay = faults.max_delay_ms > 0 ? Math.floor(Math.random() * (faults.max_delay_ms + 1)) : 0;
    try {
      if (delay > 0) await sleep(delay, undefined, { signal });
      const together = event.duplicates_owed > 0 || Math.random() < faults.duplicate_rate ? 2 : 1;
      const results = await Promise.all(Array.from({ length: together }, send));
      if (event.duplicates_owed > 1 && !signal.aborted) results.push(await send());
      if (signal.aborted) throw signal.reason;
      this.record(event, results);
    } catch (e) {
      if (!signal.aborted) throw e;
      // Shutting down: nothing was recorded, so make the event due again at once.
      sql(this.ctx.db, "UPDATE events SET next_attempt_at = ? WHERE id = ?").run(event.next_attempt_at, event.id);
    }
  }

  private record(event: DueEvent, results: AttemptResult[]): void {
    const db = this.ctx.db;
    db.transaction(() => {
      const insert = sql(
        db,
        `INSERT INTO delivery_attempts (event_id, attempted_at, webhook_timestamp, status_code, error, signature, ok, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const r of results) {
        insert.run(event.id, r.attemptedAt, r.webhookTimestamp, r.statusCode, r.error, r.signature, r.ok ? 1 : 0, r.durationMs);
      }
      const now = this.ctx.now();
      const first = event.first_attempt_at ?? results[0]!.attemptedAt;
      if (results.some((r) => r.ok)) {
        sql(
          db,
          "UPDATE events SET state = 'delivered', delivered_at = ?, next_attempt_at = NULL, first_attempt_at = ?, duplicates_owed = 0 WHERE id = ?",
        ).run(now, first, event.id);
        return;
      }
      const next = nextAttempt(first, event.next_slot, now, this.ctx.retryScale);
      if (next === null) {
        sql(db, "UPDATE events SET state = 'failed', failed_at = ?, next_attempt_at = NULL, first_attempt_at = ?, duplicates_owed = 0 WHERE id = ?").run(now, first, event.id);
      } else {
        sql(db, "UPDATE events SET next_attempt_at = ?, next_slot = ?, first_attempt_at = ?, duplicates_owed = 0 WHERE id = ?").run(next.at, next.slot, first, event.id);
      }
    }).immediate();
  }
}
