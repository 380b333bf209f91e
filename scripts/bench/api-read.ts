/**
 * `npm run bench:api` — `GET /api/v1/orders/{id}` with an API key, 10
 * connections, against the bare route /api/bench (no key, no database: reads
 * the body and answers 200) on the same server in the same run. After a
 * warm-up of WARM_UP requests to each route (so that neither is measured while
 * V8 is still compiling the server's shared request path), ROUNDS rounds each
 * time the bare route and then the reads; the ratio is the best round of the
 * reads against the best round of the bare route. (Measuring the bare route
 * once before and once after the reads, and taking the faster, favoured it:
 * its second run came after all the reads' requests had warmed the server.)
 * Target (issue 14): ≥ 0.7× the bare route, and no database write per read.
 *
 * "No write per read" is checked, not assumed: while each run goes, a
 * read-only connection in this process polls SQLite's `data_version` (it
 * changes whenever another connection commits) every 5 ms. The background
 * jobs commit on their own (each sweeper renews its lease every second), so
 * the bare runs, which touch no database, measure that rate; the reads may
 * show it (+25 % for its unevenness) plus a handful (the key's once-a-minute
 * "last used"). A write per
 * read (hundreds a second) would change it at nearly every poll.
 *
 * BENCH_REQUESTS (default 4000) sets the number of reads; BENCH_PROFILE=1
 * profiles the servers (bench-server.ts).
 */
import Database from "better-sqlite3";
import type { OrderJson } from "@/lib/orders/order-json";
import { timed, printRow, runScript, startBenchServer, type Timed } from "./bench-server";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const ORDERS = 100;
const ROUNDS = 3;
const WARM_UP = 1000;
const CONCURRENCY = 10;
/** Commits the reads may show beyond the background jobs' rate. */
const MAX_EXTRA_COMMITS = 5;

async function main() {
  const s = await startBenchServer("bench-api", 3310, 4320);
  const headers = { authorization: `Bearer ${s.key}` };
  try {
    const ids: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const response = await fetch(`${s.till}/api/v1/orders`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ amount: 100 + i }) });
      if (response.status !== 201) throw new Error(`creating an order answered ${response.status}`);
      ids.push(((await response.json()) as OrderJson).id);
    }
    const read = async (i: number) => {
      const response = await fetch(`${s.till}/api/v1/orders/${ids[i % ORDERS]}`, { headers });
      if (response.status !== 200) throw new Error(`GET answered ${response.status}`);
      return response;
    };
    const bare = async () => {
      const response = await fetch(`${s.till}/api/bench`);
      if (response.status !== 200) throw new Error(`/api/bench answered ${response.status} (is TILL_BENCH=1 reaching the server?)`);
      return response;
    };
    // Warm-up: both routes loaded and compiled, the key's "last used" written.
    await timed(WARM_UP, CONCURRENCY, read);
    await timed(WARM_UP, CONCURRENCY, bare);

    const watcher = new Database(s.dbFile, { readonly: true });
    const watched = async (run: () => Promise<Timed>) => {
      const version = () => watcher.pragma("data_version", { simple: true }) as number;
      let last = version();
      let commits = 0;
      const poll = setInterval(() => {
        const now = version();
        if (now !== last) commits += 1;
        last = now;
      }, 5);
      const started = performance.now();
      const result = await run();
      clearInterval(poll);
      if (version() !== last) commits += 1;
      return { ...result, commits, seconds: (performance.now() - started) / 1000 };
    };
    s.profileFromHere();
    const bares: Awaited<ReturnType<typeof watched>>[] = [];
    const readRuns: Awaited<ReturnType<typeof watched>>[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bares.push(await watched(() => timed(REQUESTS, CONCURRENCY, bare)));
      readRuns.push(await watched(() => timed(REQUESTS, CONCURRENCY, read)));
    }
    watcher.close();
    const fastest = <T extends { perSecond: number }>(runs: T[]) => runs.reduce((a, b) => (b.perSecond > a.perSecond ? b : a));
    const baseline = fastest(bares);
    const reads = fastest(readRuns);
    const ratio = reads.perSecond / baseline.perSecond;
    console.log(`\n${REQUESTS} reads of ${ORDERS} orders with a cashier key at ${CONCURRENCY} connections, ${ROUNDS} rounds after ${WARM_UP} warm-up requests to each route`);
    for (let round = 0; round < ROUNDS; round++) {
      printRow(`bare route /api/bench, round ${round + 1} (baseline)`, bares[round]!);
      printRow(`GET /api/v1/orders/{id}, round ${round + 1}`, readRuns[round]!);
    }
    console.log(`best rounds: GET ${reads.perSecond.toFixed(0)} req/s, bare ${baseline.perSecond.toFixed(0)} req/s`);
    console.log(`throughput: ${ratio.toFixed(2)}× the bare route (target ≥ 0.7×: ${ratio >= 0.7 ? "met" : "missed"})`);
    const background = Math.max(...bares.map((b) => b.commits / b.seconds));
    // A quarter more than the background rate for its unevenness: a write per read would be thousands, not tens.
    const readCommits = readRuns.reduce((sum, r) => sum + r.commits, 0);
    const readSeconds = readRuns.reduce((sum, r) => sum + r.seconds, 0);
    const allowed = Math.ceil(background * readSeconds * 1.25) + MAX_EXTRA_COMMITS;
    console.log(
      `database commits seen while the ${ROUNDS * REQUESTS} reads ran: ${readCommits} in ${readSeconds.toFixed(1)} s (polled every 5 ms); ` +
        `background jobs during the bare runs: ${bares.map((b) => `${b.commits} in ${b.seconds.toFixed(1)} s`).join(", ")}`,
    );
    if (readCommits > allowed) throw new Error(`the reads wrote to the database: ${readCommits} commits seen, at most ${allowed} expected from the background jobs`);
    console.log(`no write per read: ${readCommits} ≤ ${allowed} (the background jobs' rate over the reads' time, +25 %, + ${MAX_EXTRA_COMMITS})`);
  } finally {
    await s.stop();
  }
}

runScript(main);
