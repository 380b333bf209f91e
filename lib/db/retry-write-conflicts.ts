import { isWriteConflict } from "@/lib/errors";
import { logger } from "@/lib/log/logger";

/** How often a transaction that lost a race runs again before its error reaches the caller. */
export const WRITE_CONFLICT_ATTEMPTS = 5;

type TransactionFn = (...args: never[]) => Promise<unknown>;

/**
 * Makes every interactive transaction (`db.$transaction(async (tx) => …)`) on
 * PostgreSQL run again when the database aborts it for a deadlock or a
 * serialization failure. Row locks are taken in one order where Till knows
 * it (lib/db/lock-rows.ts), but two paths may still meet in opposite orders
 * (a refund's answer locks the refund and then its order; a reservation
 * locks the order first); PostgreSQL then aborts one of them, which wrote
 * nothing, and a rerun reads what the winner committed and re-checks every
 * invariant. A transaction's function therefore must not act outside the
 * database — Till publishes events and calls providers only after commit.
 *
 * Batch transactions (an array of queries) are passed through: Till does not
 * use them on money paths.
 */
export function retryWriteConflicts<T extends { $transaction: TransactionFn }>(db: T, wait = backoff): T {
  const original = db.$transaction.bind(db) as (...args: unknown[]) => Promise<unknown>;
  const retrying = async (...args: unknown[]): Promise<unknown> => {
    if (typeof args[0] !== "function") return original(...args);
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await original(...args);
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= WRITE_CONFLICT_ATTEMPTS) throw error;
        logger.warn({ attempt }, "transaction lost a race (deadlock or serialization failure); running it again");
        await wait(attempt);
      }
    }
  };
  Object.defineProperty(db, "$transaction", { value: retrying, configurable: true, writable: true });
  return db;
}

/** A few milliseconds, growing and jittered, so that the two losers of a race do not meet again. */
function backoff(attempt: number): Promise<void> {
  const ms = Math.random() * 10 * 2 ** attempt;
  return new Promise((resolve) => setTimeout(resolve, ms));
}
