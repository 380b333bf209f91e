/**
 * `npm run test:soak` — 20 cashier screens on Server-Sent Events and 30
 * payments a second for 10 minutes, against a Till and a Sandbox Pay of its
 * own (`npm start`, fresh database under data/soak, ports 3720/4720,
 * TILL_DEBUG_METRICS on).
 *
 * Each of SOAK_SCREENS (20) screens does what a counter does, over and over:
 * creates an order (API v1), follows it on its event stream, the customer pays
 * at Sandbox Pay, the screen waits for PAID and moves on to the next order.
 * Payments are paced on one clock at SOAK_RATE (30) a second for SOAK_SECONDS
 * (600). The figure of each payment is the time from the pay call to PAID on
 * the screen's stream. Till's own memory, open connections and bus
 * subscriptions are read from its /_debug/metrics every 10 s.
 *
 * It passes when, in this run:
 * - no payment failed and at least 90 % of the planned payments were made;
 * - Till's RSS is flat: at the end it exceeds its RSS at half-time by at
 *   most SOAK_MAX_RSS_GROWTH_MB (32), and its heap in use exceeds the heap
 *   after the first window (the first minute, or a fifth of a shorter run:
 *   start-up and warm-up are over) by at most SOAK_MAX_HEAP_GROWTH_MB (16),
 *   both read after a full garbage collection. RSS is judged on the second
 *   half because in the first it also holds what SQLite caches of a growing
 *   database: Till's connection keeps up to 64 MiB of pages (cache_size in
 *   lib/db/client.ts), which fill as the file grows and then stay — a bounded
 *   cache rises and levels off, a leak keeps rising. The growth since the
 *   first window and the database's size are reported beside it;
 * - the p99 of the last window is at most SOAK_MAX_P99_RATIO (2) times the
 *   p99 of the first window (or within 20 ms of it: a few ms either way is noise);
 * - once the screens are closed, the bus holds as many subscriptions as before
 *   the run, and after the keep-alive timeout no more connections are open
 *   than before it.
 */
import { existsSync, statSync } from "node:fs";
import { openOrderStream, percentile, startBenchServer } from "../bench/bench-server";

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const SCREENS = Number(process.env.SOAK_SCREENS ?? 20);
const RATE = Number(process.env.SOAK_RATE ?? 30);
const MAX_RSS_GROWTH_MB = Number(process.env.SOAK_MAX_RSS_GROWTH_MB ?? 32);
const MAX_HEAP_GROWTH_MB = Number(process.env.SOAK_MAX_HEAP_GROWTH_MB ?? 16);
const MAX_P99_RATIO = Number(process.env.SOAK_MAX_P99_RATIO ?? 2);
const P99_NOISE_MS = 20;
/** Node's HTTP server closes an idle keep-alive connection after 5 s. */
const KEEP_ALIVE_S = 5;

type Metrics = { rss_bytes: number; heap_used_bytes: number; open_connections: number; bus_listeners: number };
type Sample = { at: number; latency: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const mb = (bytes: number) => bytes / 2 ** 20;
/** The SQLite file and its WAL. */
const databaseBytes = (file: string) => [file, `${file}-wal`].reduce((sum, f) => sum + (existsSync(f) ? statSync(f).size : 0), 0);

async function main() {
  const server = await startBenchServer("soak", 3720, 4720, { TILL_DEBUG_METRICS: "1" });
  const { till, sandbox, key, sandboxKey } = server;
  const auth = (k: string) => ({ authorization: `Bearer ${k}`, "content-type": "application/json" });
  // A connection of its own, closed after the answer, so that it leaves nothing open behind it.
  const metrics = async (gc = false) => (await (await fetch(`${till}/_debug/metrics${gc ? "?gc=1" : ""}`, { headers: { connection: "close" } })).json()) as Metrics;
  try {
    const warm = await metrics();
    if (typeof warm.bus_listeners !== "number") throw new Error("Till does not answer /_debug/metrics (TILL_DEBUG_METRICS)");
    await sleep((KEEP_ALIVE_S + 1) * 1000);
    const before = await metrics(true);
    console.log(`soak: ${SCREENS} screens, ${RATE} payments/s for ${SECONDS} s against ${till}`);
    console.log(`before: RSS ${mb(before.rss_bytes).toFixed(1)} MB, heap ${mb(before.heap_used_bytes).toFixed(1)} MB, ${before.open_connections} connections, ${before.bus_listeners} bus subscriptions`);

    const samples: Sample[] = [];
    const series: (Metrics & { at: number })[] = [];
    const windowMs = Math.min(60_000, (SECONDS * 1000) / 5);
    const failures: string[] = [];
    const start = performance.now();
    const end = start + SECONDS * 1000;
    const interval = 1000 / RATE;
    let slot = 0;
    let skipped = 0;
    let loadDone = false;
    let warmedUp: (Metrics & { at: number }) | undefined;
    let halfway: (Metrics & { at: number }) | undefined;
    let maxOpen = 0;
    let open = 0;

    const screen = async () => {
      for (;;) {
        const due = start + slot++ * interval;
        if (due >= end) return;
        await sleep(due - performance.now());
        // A screen more than a second behind the schedule drops the payment rather than bunch up: the rate made is reported.
        if (performance.now() - due > 1000) {
          skipped++;
          continue;
        }
        try {
          const created = await fetch(`${till}/api/v1/orders`, { method: "POST", headers: auth(key), body: JSON.stringify({ amount: 100 + (slot % 900) }) });
          const order = (await created.json()) as { id: string; qr_content: string };
          if (created.status !== 201) throw new Error(`POST /api/v1/orders: ${created.status}`);
          const chargeId = /\/pay\/(ch_[^/?#]+)/.exec(order.qr_content)?.[1];
          if (!chargeId) throw new Error(`no charge in ${order.qr_content}`);
          const stream = await openOrderStream(till, key, order.id);
          maxOpen = Math.max(maxOpen, ++open);
          try {
            await stream.next((o) => o.status === "open");
            const t0 = performance.now();
            const paid = stream.next((o) => o.status === "paid");
            const payment = await fetch(`${sandbox}/sandbox/charges/${chargeId}/pay`, { method: "POST", headers: auth(sandboxKey), body: "{}" });
            if (payment.status !== 201) throw new Error(`payment: ${payment.status}`);
            await Promise.race([paid, sleep(30_000).then(() => Promise.reject(new Error("PAID did not arrive within 30 s")))]);
            samples.push({ at: t0 - start, latency: performance.now() - t0 });
          } finally {
            stream.close();
            open--;
          }
        } catch (error) {
          failures.push(error instanceof Error ? error.message : String(error));
        }
      }
    };

    const sampler = (async () => {
      while (!loadDone) {
        await sleep(Math.min(10_000, Math.max(1000, end - performance.now())));
        // Once, at the end of the first window: memory after a full collection, the reference for the end's.
        const atWindow = warmedUp === undefined && performance.now() - start >= windowMs;
        // And once at half-time: the reference of the RSS check.
        const atHalf = halfway === undefined && performance.now() - start >= (SECONDS * 1000) / 2;
        const m = await metrics(atWindow || atHalf);
        if (atWindow) warmedUp = { ...m, at: performance.now() - start };
        if (atHalf) halfway = { ...m, at: performance.now() - start };
        series.push({ ...m, at: performance.now() - start });
        const done = samples.length;
        console.log(
          `${Math.round((performance.now() - start) / 1000)
            .toString()
            .padStart(5)} s  ${done} paid  RSS ${mb(m.rss_bytes).toFixed(1)} MB  heap ${mb(m.heap_used_bytes).toFixed(1)} MB  ${m.open_connections} connections  ${m.bus_listeners} subscriptions`,
        );
      }
    })();
    await Promise.all([Promise.all(Array.from({ length: SCREENS }, screen)).finally(() => (loadDone = true)), sampler]);
    const took = (performance.now() - start) / 1000;

    // The screens are closed; the server sees each stream's end (abort) and drops its subscription.
    let after = await metrics();
    for (let i = 0; i < 50 && after.bus_listeners > before.bus_listeners; i++) {
      await sleep(100);
      after = await metrics();
    }
    const listenersAfter = after.bus_listeners;
    await sleep((KEEP_ALIVE_S + 1) * 1000);
    after = await metrics(true);

    const first = samples.filter((s) => s.at < windowMs).map((s) => s.latency);
    const last = samples.filter((s) => s.at >= SECONDS * 1000 - windowMs).map((s) => s.latency);
    const rssAtWindow = warmedUp ?? series[0]!;
    const all = samples.map((s) => s.latency);
    const planned = Math.ceil(SECONDS * RATE);
    const p99First = percentile(first, 99);
    const p99Last = percentile(last, 99);
    const rssAtHalf = halfway ?? rssAtWindow;
    const growthMb = mb(after.rss_bytes - rssAtHalf.rss_bytes);

    console.log(`\n${samples.length} payments paid in ${took.toFixed(0)} s (${(samples.length / took).toFixed(1)}/s; ${planned} planned, ${skipped} dropped behind schedule), ${failures.length} failed, at most ${maxOpen} screens on their streams at once`);
    console.log(`payment → PAID on the screen's stream: p50 ${percentile(all, 50).toFixed(1)} ms, p99 ${percentile(all, 99).toFixed(1)} ms, max ${Math.max(...all).toFixed(1)} ms`);
    console.log(`p99 of the first ${windowMs / 1000} s: ${p99First.toFixed(1)} ms (${first.length} payments); of the last ${windowMs / 1000} s: ${p99Last.toFixed(1)} ms (${last.length} payments)`);
    console.log(
      `Till's RSS after a full collection: before ${mb(before.rss_bytes).toFixed(1)} MB, after ${Math.round(rssAtWindow.at / 1000)} s ${mb(rssAtWindow.rss_bytes).toFixed(1)} MB, at half-time (${Math.round(rssAtHalf.at / 1000)} s) ${mb(rssAtHalf.rss_bytes).toFixed(1)} MB, at the end ${mb(after.rss_bytes).toFixed(1)} MB (max sampled ${mb(Math.max(...series.map((m) => m.rss_bytes))).toFixed(1)} MB); since the first window +${mb(after.rss_bytes - rssAtWindow.rss_bytes).toFixed(1)} MB`,
    );
    console.log(`Till's database at the end: ${mb(databaseBytes(server.dbFile)).toFixed(1)} MB with its WAL (SQLite keeps up to 64 MiB of its pages in memory)`);
    console.log(`Till's heap in use after a full collection: before ${mb(before.heap_used_bytes).toFixed(1)} MB, after ${Math.round(rssAtWindow.at / 1000)} s ${mb(rssAtWindow.heap_used_bytes).toFixed(1)} MB, at the end ${mb(after.heap_used_bytes).toFixed(1)} MB`);
    console.log(`bus subscriptions: ${before.bus_listeners} before, ${listenersAfter} once the screens closed; open connections: ${before.open_connections} before, ${after.open_connections} after ${KEEP_ALIVE_S + 1} s idle`);

    const checks: [string, boolean][] = [
      ["no payment failed", failures.length === 0],
      [`≥ 90 % of ${planned} planned payments made`, samples.length >= 0.9 * planned],
      [`RSS growth over the second half ≤ ${MAX_RSS_GROWTH_MB} MB (${growthMb.toFixed(1)} MB)`, growthMb <= MAX_RSS_GROWTH_MB],
      [`heap in use growth after warm-up ≤ ${MAX_HEAP_GROWTH_MB} MB (${mb(after.heap_used_bytes - rssAtWindow.heap_used_bytes).toFixed(1)} MB)`, mb(after.heap_used_bytes - rssAtWindow.heap_used_bytes) <= MAX_HEAP_GROWTH_MB],
      [`p99 of the last window ≤ ${MAX_P99_RATIO}× the first's or within ${P99_NOISE_MS} ms (${(p99Last / p99First).toFixed(2)}×)`, p99Last <= MAX_P99_RATIO * p99First || p99Last - p99First <= P99_NOISE_MS],
      ["bus subscriptions back to where they were", listenersAfter === before.bus_listeners],
      ["no more open connections than before", after.open_connections <= before.open_connections],
    ];
    for (const [what, ok] of checks) console.log(`${ok ? "ok  " : "FAIL"}  ${what}`);
    if (failures.length) console.log(`first failures: ${[...new Set(failures)].slice(0, 5).join("; ")}`);
    if (checks.some(([, ok]) => !ok)) throw new Error("soak failed");
    console.log("soak passed");
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
