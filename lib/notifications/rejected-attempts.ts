import { createHash } from "node:crypto";
import { logger } from "@/lib/log/logger";

/** How much of a rejected body is kept: enough to recognise it, never enough to fill a disk. */
export const REJECTED_PREFIX_CHARS = 256;
const HEADER_VALUE_CHARS = 200;

/**
 * What Till keeps of a notification attempt that failed verification: anyone
 * can send one, so it is a bounded record — the body's SHA-256, its size and
 * a short prefix, and the webhook headers cut short — not the attempt itself.
 */
export function rejectedRecord(rawBody: string, headers: Record<string, string>) {
  return {
    rawBody: rawBody.slice(0, REJECTED_PREFIX_CHARS),
    bodySha256: createHash("sha256").update(rawBody).digest("hex"),
    bodyBytes: Buffer.byteLength(rawBody),
    headers: JSON.stringify(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.slice(0, HEADER_VALUE_CHARS)]))),
  };
}

type Window = { startedAt: number; count: number };

/**
 * A fixed-window limit on rejected attempts, per client address and overall.
 * A provider with a good signature is never limited; a client that keeps
 * sending bad ones is answered 429 without a database write, and the
 * suppressed attempts are summed up in one log line per window.
 */
export class RejectedAttemptLimiter {
  private readonly perClient = new Map<string, Window>();
  private overall: Window = { startedAt: 0, count: 0 };
  private suppressed = 0;

  constructor(
    readonly limits = { perClient: 20, overall: 100, windowMs: 60_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one rejected attempt; false when it is over a limit and must not be stored. */
  admit(client: string): boolean {
    const now = this.now();
    if (now - this.overall.startedAt >= this.limits.windowMs) {
      if (this.suppressed > 0) {
        logger.warn({ suppressed: this.suppressed }, "rejected notification attempts over the limit were not stored");
      }
      this.overall = { startedAt: now, count: 0 };
      this.suppressed = 0;
      this.perClient.clear();
    }
    const mine = this.perClient.get(client) ?? { startedAt: now, count: 0 };
    this.perClient.set(client, mine);
    mine.count += 1;
    this.overall.count += 1;
    const admitted = mine.count <= this.limits.perClient && this.overall.count <= this.limits.overall;
    if (!admitted) this.suppressed += 1;
    return admitted;
  }

  /** Seconds until the current window ends (for Retry-After). */
  retryAfterS(): number {
    return Math.max(1, Math.ceil((this.overall.startedAt + this.limits.windowMs - this.now()) / 1000));
  }
}

const holder = globalThis as unknown as { [key: symbol]: RejectedAttemptLimiter | undefined };
const KEY = Symbol.for("till.rejected-attempt-limiter");

/** The server process's one limiter. */
export function rejectedAttemptLimiter(): RejectedAttemptLimiter {
  return (holder[KEY] ??= new RejectedAttemptLimiter());
}
