/**
 * Lock contention: another process holds a write lock on Till's SQLite file
 * for 3 s while a payment notification and a refund request arrive. Each
 * either waits and succeeds, or fails with a retryable status (5xx, 409 for
 * a key still in flight) that the provider or the client retries; when the
 * lock is gone, the payment is recorded once, the refund issued once at the
 * provider and recorded once in Till, and every notification Sandbox Pay was
 * answered 2xx for is in Till's database.
 *
 * The lock holder is a separate process: better-sqlite3 waits for a lock by
 * blocking its thread, so a holder in this process could never let go.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as orderRefundRoute } from "@/app/api/v1/orders/[orderId]/refunds/route";
import { RefundResponse } from "@/lib/orders/order-response";
import { serverCtx } from "@/lib/server-context";
import { Refund } from "@/sandbox/test-schemas";
import { eventually, startHarness, type Harness, serveRoutesFrom } from "@/test/harness";
import { parseJsonAs } from "@/test/parse";

const OWNER_KEY = "tk_demo_owner_000000000000";
const HOLD_MS = 3_000;

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  serveRoutesFrom(h);
});

afterAll(async () => {
  await (await serverCtx()).db.$disconnect();
  await h.close();
});

/** Starts a process that takes the write lock (BEGIN IMMEDIATE) and holds it; resolves once it has it. */
function holdWriteLock(dbPath: string, ms: number): Promise<{ child: ChildProcess; released: Promise<number> }> {
  const script = `const D = require("better-sqlite3"); const db = new D(${JSON.stringify(dbPath)}); db.exec("BEGIN IMMEDIATE"); console.log("locked");
    setTimeout(() => { db.exec("COMMIT"); db.close(); console.log("released"); }, ${ms});`;
  const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  let releasedAt = 0;
  const released = new Promise<number>((resolve) => child.on("exit", () => resolve(releasedAt)));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("locked")) resolve({ child, released });
      if (chunk.toString().includes("released")) releasedAt = Date.now();
    });
    child.on("exit", (code) => reject(new Error(`the lock holder exited (${code})`)));
  });
}

/** Asks for the refund until it is answered 2xx, always with the same key; returns every status seen. */
async function refundUntilAnswered(orderId: string, key: string): Promise<number[]> {
  const statuses: number[] = [];
  for (;;) {
    const response = await orderRefundRoute(
      new Request(`http://till.test/api/v1/orders/${orderId}/refunds`, {
        method: "POST",
        headers: { authorization: `Bearer ${OWNER_KEY}`, "content-type": "application/json", "idempotency-key": key },
        body: JSON.stringify({ amount: 300, reason: "lock contention" }),
      }),
      { params: Promise.resolve({ orderId }) },
    );
    const text = await response.text();
    statuses.push(response.status);
    if (response.status === 201 || response.status === 200) {
      parseJsonAs(RefundResponse, text, "the refund");
      return statuses;
    }
    // Retryable only: the lock, or the same key still in flight from an attempt that gave up.
    expect(response.status === 409 || response.status >= 500, `refund answered ${response.status}: ${text}`).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a write lock held by another process for 3 s", () => {
  it("a notification and a refund arriving meanwhile wait or are retried, and each lands exactly once", async () => {
    const toPay = await h.newOrder(1_500);
    const toRefund = await h.newOrder(2_000);
    await h.pay(toRefund.chargeId);
    await h.delivered(toRefund.chargeId, 1);

    const lock = await holdWriteLock(h.dbPath, HOLD_MS);
    const lockedAt = Date.now();
    const payment = await h.pay(toPay.chargeId);
    const askedAt = Date.now();
    const statuses = await refundUntilAnswered(toRefund.orderId, "lock-contention-refund");
    const releasedAt = await lock.released;
    // The lock was held for its 3 s, and the payment and the refund arrived while it was.
    expect(releasedAt - lockedAt).toBeGreaterThanOrEqual(HOLD_MS - 100);
    expect(askedAt).toBeLessThan(releasedAt);

    // The notification: delivered (Till answered 2xx) and recorded once, the order paid with its amount.
    const [event] = await eventually(async () => {
      const events = await h.eventsOf(toPay.chargeId);
      return events.length > 0 && events.every((e) => e.state === "delivered") ? events : null;
    }, 20_000);
    const order = await h.ctx.db.order.findUniqueOrThrow({ where: { id: toPay.orderId }, include: { payments: true } });
    expect(order.status).toBe("paid");
    expect(order.amountReceived).toBe(1_500);
    expect(order.payments.map((p) => p.providerPaymentId)).toEqual([payment.id]);
    // Every attempt before the 2xx was answered with a retryable status.
    for (const attempt of event!.attempts.filter((a) => !a.ok)) expect(attempt.status_code === null || attempt.status_code >= 500, JSON.stringify(attempt)).toBe(true);

    // The refund: one at the provider, one in Till, settled.
    const refunds = await eventually(async () => {
      const rows = await h.ctx.db.refund.findMany({ where: { orderId: toRefund.orderId } });
      return rows.length === 1 && rows[0]!.status === "succeeded" ? rows : null;
    }, 20_000);
    const refundEvents = (await h.eventsOf(toRefund.chargeId)).filter((e) => e.type.startsWith("refund."));
    expect(refundEvents.map((e) => e.type)).toEqual(["refund.succeeded"]);
    const atProvider = (await h.sandboxApi("GET", `/v1/refunds/${refunds[0]!.providerRefundId}`)).as(Refund);
    expect(atProvider.amount).toBe(300);
    expect(statuses.at(-1)).toBe(201);
  }, 60_000);
});
