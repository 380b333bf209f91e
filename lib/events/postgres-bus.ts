import { randomUUID } from "node:crypto";
import pg from "pg";
import { InProcessBus, type EventBus, type TillEvent } from "./bus";

/** The one PostgreSQL channel every Till server listens on. */
export const EVENTS_CHANNEL = "till_events";

/** NOTIFY refuses payloads of 8000 bytes or more; Till's events are ids only, far smaller. */
const MAX_PAYLOAD = 7_500;

type Wire = { from: string; event: TillEvent };

export type PostgresBusOptions = {
  channel?: string;
  /** First wait before reconnecting a dropped listener; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  onError?: (error: unknown) => void;
};

/**
 * The event bus for several Till servers on one PostgreSQL database:
 * LISTEN/NOTIFY on one channel.
 *
 * A server's own events are delivered to its local subscribers at once (as
 * InProcessBus does) and also sent with NOTIFY, tagged with the server's id;
 * a server ignores notifications carrying its own id, so no subscriber sees an
 * event twice. Other servers deliver a notification to their local subscribers
 * when it arrives (after the publisher's NOTIFY, which itself runs after the
 * order's transaction commits).
 *
 * One dedicated pg.Client per bus LISTENs; if it drops it is reconnected with
 * backoff and LISTENs again. Events missed while it was down are lost, which
 * is harmless: events carry ids, screens re-read the order (and poll).
 */
export class PostgresBus implements EventBus {
  readonly id = randomUUID();
  private readonly local = new InProcessBus();
  private readonly channel: string;
  private readonly pool: pg.Pool;
  private listener: pg.Client | undefined;
  private closed = false;
  private backoff: number;
  private timer: NodeJS.Timeout | undefined;
  private readyPromise: Promise<void>;
  /** How many times the listening connection has been (re)established. */
  connects = 0;

  constructor(
    private readonly url: string,
    private readonly options: PostgresBusOptions = {},
  ) {
    this.channel = options.channel ?? EVENTS_CHANNEL;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`not a channel name: ${this.channel}`);
    this.backoff = options.backoffMs ?? 100;
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
    this.pool.on("error", (error) => this.report(error));
    this.readyPromise = this.listen();
  }

  /** Resolves once the first LISTEN is in place (later reconnects resolve `ready()` again). */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  publish(event: TillEvent): void {
    this.local.publish(event);
    if (this.closed) return;
    const payload = JSON.stringify({ from: this.id, event } satisfies Wire);
    if (Buffer.byteLength(payload) > MAX_PAYLOAD) {
      this.report(new Error(`event too large for NOTIFY (${payload.length} bytes)`));
      return;
    }
    this.pool.query("SELECT pg_notify($1, $2)", [this.channel, payload]).catch((error) => this.report(error));
  }

  subscribe(topic: string, listener: (event: TillEvent) => void): () => void {
    return this.local.subscribe(topic, listener);
  }

  listenerCount(): number {
    return this.local.listenerCount();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    const client = this.listener;
    this.listener = undefined;
    await Promise.allSettled([client?.end(), this.pool.end()]);
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url });
    client.on("notification", (message) => this.receive(message));
    client.on("error", (error) => {
      this.report(error);
      this.dropped(client);
    });
    client.on("end", () => this.dropped(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (error) {
      this.report(error);
      this.dropped(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listener = client;
    this.connects++;
    this.backoff = this.options.backoffMs ?? 100;
  }

  private dropped(client: pg.Client): void {
    if (this.closed || this.timer) return;
    if (this.listener && this.listener !== client) return;
    this.listener = undefined;
    client.removeAllListeners("end");
    client.end().catch(() => undefined);
    const wait = this.backoff;
    this.backoff = Math.min(wait * 2, this.options.maxBackoffMs ?? 5_000);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.readyPromise = this.listen();
    }, wait);
    this.timer.unref?.();
  }

  private receive(message: pg.Notification): void {
    if (message.channel !== this.channel || !message.payload) return;
    let wire: Wire;
    try {
      wire = JSON.parse(message.payload) as Wire;
    } catch {
      return;
    }
    if (wire.from === this.id || wire.event?.type !== "order.changed") return;
    this.local.publish(wire.event);
  }

  private report(error: unknown): void {
    if (this.closed) return;
    (this.options.onError ?? ((e) => console.error("[till] event bus:", e instanceof Error ? e.message : e)))(error);
  }
}
