/**
 * `npm run bench:recon` — a 1,000,000-line statement imported and matched
 * against 1,000,000 recorded payments, through the real code path
 * (importStatement: stream → Papa Parse → staged batches → one commit →
 * three-way matching), on a fresh SQLite file.
 *
 * The statement has planted mismatches, and the run checks afterwards that
 * exactly those were found: BENCH_PLANT (default 1,000) unsettled payments
 * (left out of the statement) and amounts off by one, half as many refunds
 * Till never issued, and a tenth as many payments Till never recorded (for
 * orders waiting to be paid).
 *
 * Baseline in the same run: a raw better-sqlite3 bulk insert of the same
 * lines into the same table with the same indexes (the file read line by
 * line and split on commas, 1,000 rows per INSERT, one transaction per batch).
 *
 * Meanwhile, every 250 ms, a customer pays a new order at Sandbox Pay and the
 * time until its signed notification has turned the order PAID is measured —
 * the promise the import must not break (Till's screen within a second).
 *
 * Runs in one process, like Till's server: its one database connection, the
 * notification receiver and Sandbox Pay (so peak RSS includes Sandbox Pay).
 * The upload route caps files at 50 MiB; a 1 M-line file is ~115 MB, so the
 * bench hands the file's stream to importStatement directly.
 */
import { createReadStream, mkdirSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import http from "node:http";
import { Session } from "node:inspector";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import Database from "better-sqlite3";
import { bulkSql, createDb, sqlDate } from "@/lib/db/client";
import { valuesList, type SqlValue } from "@/lib/db/bulk-sql";
import { migrate } from "@/lib/db/migrate";
import { parseEnv } from "@/lib/env";
import { InProcessBus, orderTopic } from "@/lib/events/bus";
import type { Ctx } from "@/lib/context";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { createOrder } from "@/lib/orders/create-order";
import { getProvider } from "@/lib/providers/get-provider";
import { importStatement } from "@/lib/reconciliation/import-statement";
import { statementLineId } from "@/lib/reconciliation/stage-statement-lines";
import { SANDBOX_ACCOUNT_ID, seedDemoStore } from "@/lib/stores/seed-demo-store";
import { startSandbox } from "@/sandbox/server";
import { percentile } from "./bench-server";

const N = Number(process.env.BENCH_LINES ?? 1_000_000);
const PLANT = Number(process.env.BENCH_PLANT ?? 1_000);
const DIR = "data/bench-recon";
const DAY = "2026-11-22";
const DAY_START = Date.parse(`${DAY}T00:00:00Z`);
const KEY = "sk_bench_recon";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const HEADER = "time,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency";

const fee = (amount: number) => Math.floor((amount * 6 + 500) / 1000);
const pad = (i: number) => String(i).padStart(9, "0");
const every = Math.max(2, Math.floor(N / PLANT));
/** Which planted mismatch a payment carries, if any. */
// Payments found only in the statement go through the full order rules one by one (~15 ms each), as they would at the
// counter; real statements hold a handful, so the bench plants a tenth as many of them as of the other kinds.
const planted = (i: number) => (i % every === 1 ? "unsettled" : i % every === 2 ? "amount" : i % (every * 10) === 3 ? "unnotified" : i % (every * 2) === 4 ? "refund" : null);
const amountOf = (i: number) => 500 + (i % 9_500);
const timeOf = (i: number) => DAY_START + Math.floor((i * 86_000_000) / N);
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** A CPU profile of the import alone (`BENCH_PROFILE=file.cpuprofile`), for Chrome DevTools or speedscope. */
async function startProfile(): Promise<{ stop: (file: string) => Promise<void> }> {
  const session = new Session();
  session.connect();
  const post = <T>(method: string): Promise<T> => new Promise((resolve, reject) => session.post(method, (error, result) => (error ? reject(error) : resolve(result as T))));
  await post("Profiler.enable");
  await post("Profiler.start");
  return {
    stop: async (file) => {
      const { profile } = await post<{ profile: object }>("Profiler.stop");
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

async function main() {
  rmSync(DIR, { recursive: true, force: true });
  mkdirSync(DIR, { recursive: true });
  const dbPath = path.join(DIR, "till.db");
  migrate(dbPath);

  // Sandbox Pay and a receiver that hands notifications to Till exactly as the webhook route does.
  const ref: { ctx?: Ctx } = {};
  /** Every notification Till took, how long it took and what it answered: where a slow PAID was lost. */
  const deliveries: { ms: number; status: number; error?: string }[] = [];
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
      const start = performance.now();
      receiveNotification(ref.ctx!, { kind: "sandbox", rawBody: Buffer.concat(chunks).toString("utf8"), headers })
        .then((a) => {
          deliveries.push({ ms: performance.now() - start, status: a.status });
          res.writeHead(a.status, { "content-type": a.contentType }).end(a.body);
        })
        .catch((error: unknown) => {
          deliveries.push({ ms: performance.now() - start, status: 500, error: String(error).slice(0, 200) });
          res.writeHead(500).end();
        });
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const sandbox = await startSandbox({ port: 0, host: "127.0.0.1", dbPath: path.join(DIR, "sandbox.db"), apiKey: KEY, webhookSecret: SECRET, retryScale: 0.01, refundSettleMs: 50, merchantName: "Bench", env: {} });
  const env = parseEnv({ DATABASE_URL: `file:${dbPath}`, SANDBOX_URL: sandbox.url, SANDBOX_API_KEY: KEY, PROVIDER_WEBHOOK_SECRET: SECRET, TILL_PUBLIC_URL: receiverUrl });
  const db = await createDb(env.DATABASE_URL);
  await seedDemoStore(db, env);
  const bus = new InProcessBus();
  const ctx: Ctx = { db, now: () => new Date(), bus, provider: (a) => getProvider(a, { timeoutMs: 5_000 }), publicUrl: receiverUrl, sweep: { afterS: 600, everyS: 600 } };
  ref.ctx = ctx;
  const owner = await db.apiKey.findFirstOrThrow({ where: { role: "owner" } });
  const cashier = await db.apiKey.findFirstOrThrow({ where: { role: "cashier" } });
  const storeId = owner.storeId;
  const account = await db.providerAccount.findUniqueOrThrow({ where: { id: SANDBOX_ACCOUNT_ID } });

  // ---- setup (not timed): 1 M orders with their recorded payments, and the statement file.
  let t = performance.now();
  const bulk = bulkSql(db);
  const recorded = sqlDate(new Date());
  const expires = sqlDate(new Date(DAY_START + 2 * 86_400_000));
  for (let from = 0; from < N; from += 2_000) {
    await bulk.transaction(async (sql) => {
      const orders: SqlValue[] = [];
      const charges: SqlValue[] = [];
      const payments: SqlValue[] = [];
      let o = 0;
      let c = 0;
      let p = 0;
      for (let i = from; i < Math.min(N, from + 2_000); i += 1) {
        const kind = planted(i);
        const status = kind === "unnotified" ? "open" : "paid";
        orders.push(`ord_B${pad(i)}`, storeId, cashier.terminalId, `B-${pad(i)}`, `REF${pad(i)}`, status, amountOf(i), "CNY", status === "paid" ? amountOf(i) : 0, expires, sqlDate(new Date(timeOf(i) - 5_000)), "bench");
        o += 1;
        if (kind === "unnotified") {
          charges.push(`chg_B${pad(i)}`, `ord_B${pad(i)}`, "pc_sandbox_env", `ch_B${pad(i)}`, "pending", expires);
          c += 1;
        } else {
          payments.push(`pay_B${pad(i)}`, storeId, `ord_B${pad(i)}`, SANDBOX_ACCOUNT_ID, `pay_p${pad(i)}`, `ch_B${pad(i)}`, `REF${pad(i)}`, amountOf(i), "CNY", sqlDate(new Date(timeOf(i))), recorded, "notification", 0);
          p += 1;
        }
      }
      for (let k = 0; k < o; k += 1000) {
        const rows = Math.min(1000, o - k);
        await sql.run(`INSERT INTO "Order" ("id", "storeId", "terminalId", "reference", "providerRef", "status", "amount", "currency", "amountReceived", "expiresAt", "createdAt", "createdBy") VALUES ${valuesList(rows, 12)}`, orders.slice(k * 12, (k + rows) * 12));
      }
      if (c > 0) await sql.run(`INSERT INTO "Charge" ("id", "orderId", "connectionId", "providerChargeId", "status", "expiresAt") VALUES ${valuesList(c, 6)}`, charges);
      for (let k = 0; k < p; k += 1000) {
        const rows = Math.min(1000, p - k);
        await sql.run(`INSERT INTO "Payment" ("id", "storeId", "orderId", "accountId", "providerPaymentId", "providerChargeId", "merchantRef", "amount", "currency", "paidAt", "recordedAt", "source", "late") VALUES ${valuesList(rows, 13)}`, payments.slice(k * 13, (k + rows) * 13));
      }
    });
  }
  const file = path.join(DIR, "statement.csv");
  const fd = openSync(file, "w");
  writeSync(fd, `# period: ${rfc3339(DAY_START)}/${rfc3339(DAY_START + 86_400_000)}\n${HEADER}\n`);
  let buffer = "";
  let lines = 0;
  const expected = { unsettled_payment: 0, amount_mismatch: 0, unnotified_payment: 0, refund_mismatch: 0 };
  for (let i = 0; i < N; i += 1) {
    const kind = planted(i);
    const amount = amountOf(i);
    if (kind === "unsettled") {
      expected.unsettled_payment += 1;
    } else {
      const booked = kind === "amount" ? amount + 1 : amount;
      buffer += `${rfc3339(timeOf(i))},PAYMENT,ch_B${pad(i)},REF${pad(i)},pay_p${pad(i)},,${booked},${fee(booked)},${booked - fee(booked)},CNY\n`;
      lines += 1;
      if (kind === "amount") expected.amount_mismatch += 1;
      if (kind === "unnotified") expected.unnotified_payment += 1;
    }
    if (kind === "refund") {
      buffer += `${rfc3339(timeOf(i) + 1_000)},REFUND,ch_B${pad(i)},REF${pad(i)},pay_p${pad(i)},re_p${pad(i)},100,0,-100,CNY\n`;
      lines += 1;
      expected.refund_mismatch += 1;
    }
    if (buffer.length > 1 << 20) {
      writeSync(fd, buffer);
      buffer = "";
    }
  }
  writeSync(fd, buffer);
  closeSync(fd);
  console.log(`setup: ${N.toLocaleString("en")} recorded orders and payments, a ${lines.toLocaleString("en")}-line statement (${mb(statSync(file).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // ---- baseline: raw better-sqlite3 bulk insert of the same lines.
  const rawPath = path.join(DIR, "raw.db");
  migrate(rawPath);
  const raw = new Database(rawPath);
  raw.pragma("journal_mode = WAL");
  raw.pragma("synchronous = FULL");
  const insertMany = (rows: number) =>
    raw.prepare(`INSERT INTO "StatementLine" ("id", "importId", "accountId", "lineNo", "movementKey", "time", "type", "providerChargeId", "merchantRef", "providerPaymentId", "providerRefundId", "amount", "fee", "net", "currency") VALUES ${valuesList(rows, 15)} ON CONFLICT ("accountId", "movementKey") DO NOTHING`);
  const full = insertMany(1000);
  t = performance.now();
  let batch: SqlValue[] = [];
  let lineNo = 0;
  const flush = (rows: number) => {
    const statement = rows === 1000 ? full : insertMany(rows);
    raw.transaction(() => statement.run(...batch))();
    batch = [];
  };
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    lineNo += 1;
    if (lineNo <= 2) continue;
    const f = text.split(",");
    batch.push(statementLineId("stm_raw", lineNo), "stm_raw", SANDBOX_ACCOUNT_ID, lineNo, `${f[1]}:${f[4]}:${f[5]}`, f[0]!, f[1]!, f[2]!, f[3]!, f[4]!, f[5] || null, Number(f[6]), Number(f[7]), Number(f[8]), f[9]!);
    if (batch.length === 15_000) flush(1000);
  }
  if (batch.length > 0) flush(batch.length / 15);
  const rawSeconds = (performance.now() - t) / 1000;
  raw.close();
  console.log(`baseline: raw better-sqlite3 insert of the same ${lines.toLocaleString("en")} lines: ${rawSeconds.toFixed(2)} s`);

  // ---- the import, with payments arriving meanwhile.
  let peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  let peakHeap = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapTotal);
  }, 50);
  const latencies: number[] = [];
  let importing = true;
  const paidWhileImporting = (async () => {
    const actor = { kind: "api_key" as const, id: cashier.id, storeId, terminalId: cashier.terminalId, role: "cashier" as const };
    while (importing) {
      const order = await createOrder(ctx, { actor, input: { amount: 1234 } });
      const paid = new Promise<number>((resolve) => {
        const off = bus.subscribe(orderTopic(order.id), (event) => {
          if (event.status === "paid") {
            off();
            resolve(performance.now());
          }
        });
      });
      const start = performance.now();
      const res = await fetch(`${sandbox.url}/sandbox/charges/${order.charge!.providerChargeId}/pay`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "application/json" }, body: "{}" });
      if (res.status !== 201) throw new Error(`Sandbox Pay answered ${res.status}`);
      latencies.push((await paid) - start);
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const profile = process.env.BENCH_PROFILE ? await startProfile() : null;
  t = performance.now();
  const result = await importStatement(ctx, { storeId, account, importedBy: `api_key:${owner.id}`, body: createReadStream(file), limit: Number.MAX_SAFE_INTEGER });
  const seconds = (performance.now() - t) / 1000;
  if (profile) await profile.stop(process.env.BENCH_PROFILE!);
  importing = false;
  await paidWhileImporting;
  clearInterval(sampler);

  // ---- what was found must be exactly what was planted.
  const found = Object.fromEntries(
    (await db.discrepancy.groupBy({ by: ["type"], where: { type: { in: Object.keys(expected) } }, _count: { _all: true } })).map((g) => [g.type, g._count._all]),
  );
  const held = await db.payment.count({ where: { fee: { not: null } } });
  const ok = Object.entries(expected).every(([type, n]) => found[type] === n) && result.lines === lines && held === N - expected.unsettled_payment;

  const report = {
    lines: result.lines,
    seconds: Number(seconds.toFixed(2)),
    lines_per_s: Math.round(result.lines / seconds),
    peak_rss_mb: Math.round(peakRss / 1024 / 1024),
    rss_at_start_mb: Math.round(startRss / 1024 / 1024),
    peak_js_heap_mb: Math.round(peakHeap / 1024 / 1024),
    raw_insert_seconds: Number(rawSeconds.toFixed(2)),
    ratio_to_raw: Number((seconds / rawSeconds).toFixed(2)),
    matched: result.matched,
    discrepancies_opened: result.discrepanciesOpened,
    planted: expected,
    found,
    payments_with_fees: held,
    notifications_taken: { count: deliveries.length, max_ms: Math.round(Math.max(0, ...deliveries.map((d) => d.ms))), not_2xx: deliveries.filter((d) => d.status >= 300) },
    paid_during_import: { count: latencies.length, p50_ms: Math.round(percentile(latencies, 50)), p95_ms: Math.round(percentile(latencies, 95)), max_ms: Math.round(Math.max(...latencies)) },
  };
  console.log(JSON.stringify(report, null, 2));
  writeFileSync(path.join(DIR, "result.json"), `${JSON.stringify(report, null, 2)}\n`);
  console.log(
    `\nimport + match: ${seconds.toFixed(1)} s (target ≤ 15 s), ${report.lines_per_s.toLocaleString("en")} lines/s, ${report.ratio_to_raw}× the raw insert (target ≤ 3×), peak RSS ${report.peak_rss_mb} MB (target ≤ 512 MB); ` +
      `PAID during the import: max ${report.paid_during_import.max_ms} ms over ${latencies.length} payments (target < 1000 ms). Findings ${ok ? "exactly as planted" : "DIFFER from what was planted"}.`,
  );
  await sandbox.close();
  receiver.close();
  await db.$disconnect();
  if (!ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
