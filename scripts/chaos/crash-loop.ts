/**
 * `npm run test:chaos` — the crash loop: nothing lost, nothing counted twice.
 *
 * Runs a Till and a Sandbox Pay of its own on a fresh database under
 * data/chaos (Sandbox Pay with a small retry scale). Creates CHAOS_PAYMENTS +
 * CHAOS_REFUNDS orders while Till is up; pays the CHAOS_REFUNDS orders and
 * waits until Till has them. Then the loop: Till is killed with SIGKILL 2–6 s
 * after each time it becomes ready, and restarted, while customers pay the
 * other CHAOS_PAYMENTS orders at Sandbox Pay and a client asks Till for one
 * refund of each paid order, retrying with the same Idempotency-Key until it
 * gets an answer. When every refund has been answered, every payment made and
 * Sandbox Pay's queue has drained, the loop stops and Till runs on; then:
 *   - every order is recorded paid exactly once, with the right amounts;
 *   - every refunded order holds exactly one refund, succeeded;
 *   - Sandbox Pay's statement books exactly one payment per order and exactly
 *     one refund per refunded payment.
 * Figures and the seed are printed; any mismatch exits non-zero.
 *
 * Env: CHAOS_PAYMENTS (2000), CHAOS_REFUNDS (300), CHAOS_SEED (time),
 * CHAOS_RATE payments per second (20), CHAOS_PORT (3800), CHAOS_SANDBOX_PORT (4810).
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { z } from "zod";
import { createDb, sqlitePath } from "@/lib/db/client";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env";
import { OrderResponse } from "@/lib/orders/order-response";
import { seedDemoStore } from "@/lib/stores/seed-demo-store";
import { EventList, PayResult } from "@/sandbox/test-schemas";
import { needsBuild } from "../needs-build";
import { runScript, seededRandom } from "../bench/bench-server";

const PAYMENTS = Number(process.env.CHAOS_PAYMENTS ?? 2000);
const REFUNDS = Number(process.env.CHAOS_REFUNDS ?? 300);
const SEED = Number(process.env.CHAOS_SEED ?? Date.now() % 2 ** 31);
const RATE = Number(process.env.CHAOS_RATE ?? 20);
const PORT = Number(process.env.CHAOS_PORT ?? 3800);
const SANDBOX_PORT = Number(process.env.CHAOS_SANDBOX_PORT ?? 4810);
const DATA = "data/chaos";
const KEY = "tk_chaos_cashier_00000000";
const SANDBOX_KEY = "sk_sandbox_chaos";
const TILL = `http://127.0.0.1:${PORT}`;
const SANDBOX = `http://127.0.0.1:${SANDBOX_PORT}`;
const REFUND_AMOUNT = 50;

// The run's kill delays and order amounts come from the printed seed.
const rand = seededRandom(SEED);

const env: Record<string, string> = {
  PORT: String(PORT),
  SANDBOX_PORT: String(SANDBOX_PORT),
  SANDBOX_URL: SANDBOX,
  DATABASE_URL: `file:./${DATA}/till.db`,
  SANDBOX_DB: `${DATA}/sandbox.db`,
  SANDBOX_API_KEY: SANDBOX_KEY,
  SANDBOX_RETRY_SCALE: process.env.CHAOS_RETRY_SCALE ?? "0.01",
  SANDBOX_REFUND_SETTLE_MS: "300",
  PROVIDER_WEBHOOK_SECRET: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  TILL_SEED_API_KEY: KEY,
  TILL_SEED_OWNER_API_KEY: "tk_chaos_owner_0000000000",
  TILL_LOG_FORMAT: "json",
  NEXT_TELEMETRY_DISABLED: "1",
};
const childEnv = { ...process.env, ...env, NODE_ENV: "production" as const };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = createLog();

function createLog() {
  mkdirSync(DATA, { recursive: true });
  return createWriteStream(`${DATA}/till.log`);
}

/** A process group of its own, so that SIGKILL takes tsx and the node it runs. */
function startProcess(script: string, ready: RegExp): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn("node_modules/.bin/tsx", [script], { env: childEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let isReady = false;
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      if (!isReady && ready.test(chunk.toString())) {
        isReady = true;
        resolve(child);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code, signal) => {
      if (!isReady) reject(new Error(`${script} exited before it was ready (${code ?? signal})`));
    });
  });
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

const tillHeaders = { authorization: `Bearer ${KEY}`, "content-type": "application/json" };
const sandboxHeaders = { authorization: `Bearer ${SANDBOX_KEY}`, "content-type": "application/json" };

type Order = { id: string; providerRef: string; chargeId: string; amount: number };

async function createOrder(): Promise<Order> {
  const amount = 100 + Math.floor(rand() * 10_000);
  const response = await fetch(`${TILL}/api/v1/orders`, { method: "POST", headers: tillHeaders, body: JSON.stringify({ amount, expires_in: 3600 }) });
  if (response.status !== 201) throw new Error(`creating an order answered ${response.status}: ${await response.text()}`);
  const order = OrderResponse.parse(await response.json());
  const chargeId = /\/pay\/([^/?#]+)/.exec(order.qr_content ?? "")?.[1];
  if (!chargeId) throw new Error(`order ${order.id} has no charge in its QR (${order.qr_content})`);
  return { id: order.id, providerRef: order.provider_ref, chargeId, amount };
}

async function pay(order: Order) {
  const response = await fetch(`${SANDBOX}/sandbox/charges/${order.chargeId}/pay`, { method: "POST", headers: sandboxHeaders, body: "{}" });
  if (response.status !== 201) throw new Error(`paying ${order.chargeId} answered ${response.status}: ${await response.text()}`);
  PayResult.parse(await response.json());
}

async function getOrder(id: string): Promise<OrderResponse> {
  const response = await fetch(`${TILL}/api/v1/orders/${id}`, { headers: tillHeaders });
  if (response.status !== 200) throw new Error(`GET order ${id} answered ${response.status}`);
  return OrderResponse.parse(await response.json());
}

/** One refund, asked for until Till answers it; every attempt carries the same key. Returns the number of attempts. */
async function refundUntilAnswered(order: Order): Promise<number> {
  const key = `chaos-refund-${order.id}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await fetch(`${TILL}/api/v1/orders/${order.id}/refunds`, {
        method: "POST",
        headers: { ...tillHeaders, "idempotency-key": key },
        body: JSON.stringify({ amount: REFUND_AMOUNT, reason: "chaos" }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      if (response.status === 201 || response.status === 200) return attempt;
      // Retryable: Till down or busy, or the same key still in flight from an attempt cut short.
      if (response.status < 500 && response.status !== 409 && response.status !== 429) {
        throw new Error(`refund of ${order.id} answered ${response.status}: ${text}`);
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith("refund of")) throw error;
    }
    await sleep(200 + rand() * 800);
  }
}

async function queueDrained(): Promise<{ pending: number; failed: number; total: number }> {
  const events = EventList.parse(await (await fetch(`${SANDBOX}/sandbox/events`, { headers: sandboxHeaders })).json()).data;
  return { pending: events.filter((e) => e.state === "pending").length, failed: events.filter((e) => e.state === "failed").length, total: events.length };
}

async function waitForTill() {
  for (;;) {
    try {
      if ((await fetch(`${TILL}/login`)).ok) return;
    } catch {
      // not up yet
    }
    await sleep(300);
  }
}

const StatementLine = z.object({ type: z.enum(["PAYMENT", "REFUND"]), merchant_ref: z.string(), payment_id: z.string(), refund_id: z.string(), amount: z.coerce.number().int() });

async function statementLines(days: string[]) {
  const lines: z.infer<typeof StatementLine>[] = [];
  for (const day of days) {
    const csv = await (await fetch(`${SANDBOX}/v1/statements?date=${day}`, { headers: sandboxHeaders })).text();
    const rows = csv.split("\n").filter((l) => l && !l.startsWith("#"));
    const header = rows.shift()!.split(",");
    for (const row of rows) {
      const cells = row.split(",");
      lines.push(StatementLine.parse(Object.fromEntries(header.map((h, i) => [h, cells[i]]))));
    }
  }
  return lines;
}

async function main() {
  console.log(`crash loop: ${PAYMENTS} payments, ${REFUNDS} refunds, seed ${SEED}, ${RATE} payments/s, retry scale ${env.SANDBOX_RETRY_SCALE}`);
  rmSync(DATA, { recursive: true, force: true });
  mkdirSync(DATA, { recursive: true });
  Object.assign(process.env, env);
  const parsed = parseEnv();
  migrate(sqlitePath(parsed.DATABASE_URL));
  const db = await createDb(parsed.DATABASE_URL);
  await seedDemoStore(db, parsed);
  await db.$disconnect();
  if (needsBuild()) {
    console.log("Building Till (next build)…");
    const build = spawnSync("node_modules/.bin/next", ["build"], { stdio: "inherit", env: childEnv });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }
  const sandbox = await startProcess("sandbox/main.ts", /listening on/i);
  let till = await startProcess("scripts/serve.ts", /Till ready on/);
  const startDay = new Date().toISOString().slice(0, 10);
  const cleanup = () => {
    kill(till, "SIGKILL");
    kill(sandbox, "SIGTERM");
  };
  process.on("exit", cleanup);

  const orders: Order[] = [];
  for (let i = 0; i < PAYMENTS + REFUNDS; i++) orders.push(await createOrder());
  const refunded = orders.slice(0, REFUNDS);
  const paidInLoop = orders.slice(REFUNDS);
  for (const o of refunded) await pay(o);
  for (const o of refunded) while ((await getOrder(o.id)).status !== "paid") await sleep(200);
  console.log(`${orders.length} orders created, ${refunded.length} paid before the loop`);

  // The loop: kill Till 2–6 s after it is ready, restart it, until the work is done.
  let crashes = 0;
  let workDone = false;
  const loop = (async () => {
    while (!workDone) {
      await sleep(2000 + rand() * 4000);
      kill(till, "SIGKILL");
      crashes += 1;
      till = await startProcess("scripts/serve.ts", /Till ready on/);
    }
  })();

  const started = performance.now();
  const payments = (async () => {
    for (const o of paidInLoop) {
      await pay(o);
      await sleep(1000 / RATE);
    }
  })();
  let attempts = 0;
  const refunds = (async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < refunded.length) {
          const o = refunded[next++]!;
          const tries = await refundUntilAnswered(o);
          attempts += tries;
          await sleep((1000 * PAYMENTS) / RATE / REFUNDS / 4);
        }
      }),
    );
  })();
  await Promise.all([payments, refunds]);
  for (;;) {
    const q = await queueDrained();
    if (q.pending === 0) break;
    await sleep(1000);
  }
  workDone = true;
  await loop;
  const loopSeconds = (performance.now() - started) / 1000;
  await waitForTill();
  console.log(`loop: ${crashes} SIGKILLs in ${loopSeconds.toFixed(0)} s; ${attempts} refund requests for ${refunded.length} refunds`);

  // Till runs on: refunds whose event or answer was lost settle by the sweeper.
  const problems: string[] = [];
  const deadline = Date.now() + 180_000;
  let finals: OrderResponse[] = [];
  for (;;) {
    finals = [];
    for (const o of orders) finals.push(await getOrder(o.id));
    const unsettled = finals.filter((f) => f.refunds.some((r) => r.status === "pending"));
    const q = await queueDrained();
    if ((unsettled.length === 0 && q.pending === 0) || Date.now() > deadline) break;
    await sleep(2000);
  }
  const q = await queueDrained();
  if (q.failed) problems.push(`${q.failed} of Sandbox Pay's events failed for good`);
  const refundedIds = new Set(refunded.map((o) => o.id));
  orders.forEach((o, i) => {
    const f = finals[i]!;
    const isRefunded = refundedIds.has(o.id);
    const expectedRefunded = isRefunded ? REFUND_AMOUNT : 0;
    if (f.status !== "paid" || f.amount_received !== o.amount || f.payments.length !== 1 || f.amount_refunded !== expectedRefunded) {
      problems.push(`order ${o.id}: ${f.status}, received ${f.amount_received} of ${o.amount} in ${f.payments.length} payments, refunded ${f.amount_refunded} (want ${expectedRefunded})`);
    }
    const refundsOk = isRefunded ? f.refunds.length === 1 && f.refunds[0]!.status === "succeeded" : f.refunds.length === 0;
    if (!refundsOk) problems.push(`order ${o.id}: refunds ${JSON.stringify(f.refunds.map((r) => r.status))}`);
  });

  const days = [...new Set([startDay, new Date().toISOString().slice(0, 10)])];
  const lines = await statementLines(days);
  const count = (type: string, key: (l: (typeof lines)[number]) => string) => {
    const m = new Map<string, number>();
    for (const l of lines.filter((x) => x.type === type)) m.set(key(l), (m.get(key(l)) ?? 0) + 1);
    return m;
  };
  const paymentsByRef = count("PAYMENT", (l) => l.merchant_ref);
  const refundsByRef = count("REFUND", (l) => l.merchant_ref);
  for (const o of orders) {
    if (paymentsByRef.get(o.providerRef) !== 1) problems.push(`Sandbox Pay booked ${paymentsByRef.get(o.providerRef) ?? 0} payments for order ${o.id}`);
    const want = refundedIds.has(o.id) ? 1 : 0;
    if ((refundsByRef.get(o.providerRef) ?? 0) !== want) problems.push(`Sandbox Pay booked ${refundsByRef.get(o.providerRef) ?? 0} refunds for order ${o.id} (want ${want})`);
  }
  const providerRefunds = [...refundsByRef.values()].reduce((a, b) => a + b, 0);
  console.log(`Sandbox Pay: ${q.total} events delivered; statement books ${[...paymentsByRef.values()].reduce((a, b) => a + b, 0)} payments and ${providerRefunds} refunds`);
  console.log(`Till: ${finals.filter((f) => f.status === "paid" && f.payments.length === 1).length} of ${orders.length} orders paid exactly once; ${finals.filter((f) => f.refunds.length === 1 && f.refunds[0]!.status === "succeeded").length} of ${REFUNDS} refunds succeeded once`);
  if (problems.length) {
    console.error(`FAILED (seed ${SEED}): ${problems.length} problems`);
    for (const p of problems.slice(0, 30)) console.error(`  ${p}`);
    process.exit(1);
  }
  console.log(`crash loop passed (seed ${SEED})`);
}

runScript(main);
