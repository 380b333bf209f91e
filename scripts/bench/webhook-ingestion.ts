/**
 * `npm run bench:ingest` — notification ingestion over HTTP, signed, on SQLite.
 *
 * Creates N open orders, then posts signed `payment.succeeded` deliveries to
 * /api/webhooks/sandbox at 10 connections: one per order, plus re-deliveries
 * of events already sent, so that 30 % of all deliveries are duplicates
 * (at-least-once delivery). The baseline, measured in the same run on the same
 * server at the same concurrency, is the bare route /api/bench (reads the same
 * body, answers 200), once before and once after the deliveries; the ratio is
 * against the faster of the two. Targets (issue 14): ≥ 0.5× the bare route's
 * throughput, p99 ≤ 50 ms.
 *
 * Afterwards every event must have been applied exactly once: each order paid
 * with its amount and one payment (through the API), and, in Till's database
 * once the server has stopped, exactly one payment, one verified delivery and
 * one `payment.recorded` audit event per order, and duplicates counted on the
 * deliveries equal to the re-deliveries sent.
 *
 * `-- --db postgres --servers 2` (issue 15) runs the same load three times in
 * one run: SQLite on one server, PostgreSQL on one server, and PostgreSQL on
 * two Till servers sharing one database (the second started with
 * SANDBOX_START=0), the deliveries spread over both round-robin. Each beside
 * its own bare-route baseline (both servers' bare routes for the pair), each
 * checked for exactly-once counts afterwards. The PostgreSQL databases are
 * fresh `till_pg_bench_*` databases on TILL_TEST_PG_URL's server (default the
 * local one), dropped afterwards.
 *
 * BENCH_N (default 700) sets the number of orders; BENCH_SEED the order of the
 * deliveries; BENCH_PROFILE=1 profiles the servers (bench-server.ts).
 */
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import { Webhook } from "standardwebhooks";
import type { OrderJson } from "@/lib/orders/order-json";
import { createDatabase, dropDatabase, pgUrl, testDatabaseName } from "@/test/postgres";
import { timed, percentile, printRow, runScript, seededRandom, startBenchServer, type BenchServer, type Timed } from "./bench-server";

const N = Number(process.env.BENCH_N ?? 700);
const DUPLICATE_SHARE = 0.3;
const DUPLICATES = Math.round((N * DUPLICATE_SHARE) / (1 - DUPLICATE_SHARE));
/**
 * Orders paid before the measurement, so that the route's code is loaded and
 * compiled (V8 optimises after a few hundred calls; with 20 the first measured
 * deliveries ran on cold code that the bare route's larger warm-up did not);
 * counted in the checks.
 */
const WARM = 300;
/** A re-delivery comes at least this many deliveries after its event's first: with 10 in flight, the first has been sent. */
const REDELIVERY_GAP = 20;
const CONCURRENCY = 10;
const SEED = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);

const args = parseArgs({ args: process.argv.slice(2), options: { db: { type: "string", default: "sqlite" }, servers: { type: "string", default: "1" } } }).values;

/** BENCH_PORT (Till; a second Till on the next port) and BENCH_SANDBOX_PORT. */
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const SANDBOX_PORT = Number(process.env.BENCH_SANDBOX_PORT ?? 4310);

type Counts = { payments: number; deliveries: number; duplicates: number; recorded: number };
type Outcome = { label: string; ingest: Timed; baseline: Timed; counts: Counts; total: number };

async function main() {
  if (args.db === "sqlite" && args.servers === "1") {
    const s = await startBenchServer("bench-ingest", PORT, SANDBOX_PORT);
    report(await measure("SQLite, one server", [s], () => Promise.resolve(countsIn(s.dbFile))), true);
    return;
  }
  if (args.db !== "postgres" || !["1", "2"].includes(args.servers ?? "")) throw new Error("usage: bench:ingest [-- --db postgres [--servers 2]]");
  const outcomes: Outcome[] = [];
  const sqlite = await startBenchServer("bench-ingest", PORT, SANDBOX_PORT);
  outcomes.push(await measure("SQLite, one server", [sqlite], () => Promise.resolve(countsIn(sqlite.dbFile))));
  for (const servers of args.servers === "2" ? [1, 2] : [1]) {
    const name = testDatabaseName("bench");
    await createDatabase(name);
    try {
      const env = { DATABASE_URL: pgUrl(name) };
      const a = await startBenchServer("bench-ingest-pg", PORT, SANDBOX_PORT, env);
      const all = [a];
      if (servers === 2) all.push(await startBenchServer("bench-ingest-pg", PORT + 1, SANDBOX_PORT, { ...env, SANDBOX_START: "0", SANDBOX_URL: a.sandbox }));
      outcomes.push(await measure(`PostgreSQL, ${servers === 1 ? "one server" : "two servers"}`, all, () => countsInPostgres(pgUrl(name))));
    } finally {
      await dropDatabase(name);
    }
  }
  for (const o of outcomes) report(o, o === outcomes[0]);
  const [one, two] = outcomes.slice(1);
  if (two) console.log(`\ntwo servers on PostgreSQL: ${(two.ingest.perSecond / one!.ingest.perSecond).toFixed(2)}× one server's deliveries per second (${two.ingest.perSecond >= one!.ingest.perSecond ? "faster" : "slower"})`);
}

/** The deliveries against `servers` (round-robin), the bare route before and after; the counts once every server has stopped. */
async function measure(label: string, servers: BenchServer[], countRows: () => Promise<Counts>): Promise<Outcome> {
  const s = servers[0]!;
  const serverFor = (k: number) => servers[k % servers.length]!.till;
  const headers = { authorization: `Bearer ${s.key}`, "content-type": "application/json" };
  let stopped = false;
  try {
    const orders: { id: string; provider_ref: string; amount: number }[] = [];
    for (let i = 0; i < N + WARM; i++) {
      const response = await fetch(`${s.till}/api/v1/orders`, { method: "POST", headers, body: JSON.stringify({ amount: 100 + i }) });
      if (response.status !== 201) throw new Error(`creating an order answered ${response.status}`);
      orders.push((await response.json()) as OrderJson);
    }

    const webhook = new Webhook(s.webhookSecret);
    const bodies = orders.map((o, i) =>
      JSON.stringify({
        id: `evt_bench_${i}`,
        type: "payment.succeeded",
        created_at: new Date().toISOString(),
        data: {
          payment: { id: `pay_bench_${i}`, charge_id: `ch_bench_${i}`, merchant_ref: o.provider_ref, amount: o.amount, currency: "CNY", payer: "wx_***0001", paid_at: new Date().toISOString() },
          charge: { id: `ch_bench_${i}`, merchant_ref: o.provider_ref, amount: o.amount, currency: "CNY", status: "succeeded" },
        },
      }),
    );
    const deliver = async (i: number, k = i) => {
      const at = new Date();
      const response = await fetch(`${serverFor(k)}/api/webhooks/sandbox`, {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": `evt_bench_${i}`, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": webhook.sign(`evt_bench_${i}`, at, bodies[i]!) },
        body: bodies[i],
      });
      if (response.status !== 200) throw new Error(`delivery of evt_bench_${i} answered ${response.status}: ${await response.text()}`);
      return response;
    };
    const bare = (i: number) => fetch(`${serverFor(i)}/api/bench`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i % bodies.length] });

    const sequence = deliverySequence(seededRandom(SEED));
    const total = sequence.length;
    // Warm-up: the first WARM orders' events, and the bare route as many times.
    await timed(WARM, CONCURRENCY, (i) => deliver(N + i, i));
    await timed(WARM, CONCURRENCY, bare);

    for (const server of servers) server.profileFromHere();
    const before = await timed(total, CONCURRENCY, bare);
    const ingest = await timed(total, CONCURRENCY, (k) => deliver(sequence[k]!, k));
    const after = await timed(total, CONCURRENCY, bare);

    for (const o of orders) {
      const got = (await (await fetch(`${s.till}/api/v1/orders/${o.id}`, { headers })).json()) as OrderJson;
      if (got.status !== "paid" || got.amount_received !== o.amount || got.payments.length !== 1) {
        throw new Error(`order ${o.id}: ${got.status}, received ${got.amount_received} of ${o.amount}, ${got.payments.length} payments`);
      }
    }
    for (const server of [...servers].reverse()) await server.stop();
    stopped = true;
    const counts = await countRows();
    const expected = { payments: N + WARM, deliveries: N + WARM, duplicates: DUPLICATES, recorded: N + WARM };
    for (const [name, value] of Object.entries(expected)) {
      if (counts[name as keyof typeof counts] !== value) throw new Error(`${name}: expected ${value}, found ${counts[name as keyof typeof counts]}`);
    }

    return { label, ingest, baseline: before.perSecond >= after.perSecond ? before : after, counts, total };
  } finally {
    if (!stopped) for (const server of [...servers].reverse()) await server.stop();
  }
}

function report({ label, ingest, baseline, counts, total }: Outcome, first: boolean): void {
  const ratio = ingest.perSecond / baseline.perSecond;
  const p99 = percentile(ingest.latencies, 99);
  if (first) console.log(`\n${N} open orders, ${total} signed deliveries (${DUPLICATES} re-deliveries, ${Math.round((DUPLICATES / total) * 100)} %) at ${CONCURRENCY} connections, seed ${SEED}`);
  console.log(
    `\n${label} — exactly once: ${counts.payments} payments, ${counts.deliveries} verified deliveries, ${counts.duplicates} duplicates counted, ${counts.recorded} payment.recorded audit events (${WARM} of each from the warm-up)`,
  );
  printRow("webhook ingestion", ingest);
  printRow("bare route /api/bench (the faster of before and after, baseline)", baseline);
  console.log(`throughput: ${ratio.toFixed(2)}× the bare route (target ≥ 0.5×: ${ratio >= 0.5 ? "met" : "missed"}); p99 ${p99.toFixed(1)} ms (target ≤ 50 ms: ${p99 <= 50 ? "met" : "missed"})`);
}

/** Every event once (0…N−1 in order), and DUPLICATES re-deliveries, each at least REDELIVERY_GAP after its event's first. */
function deliverySequence(random: () => number): number[] {
  const sequence = Array.from({ length: N }, (_, i) => i);
  const redeliveries = Array.from({ length: DUPLICATES }, () => Math.floor(random() * (N - REDELIVERY_GAP)));
  redeliveries.sort((a, b) => b - a);
  for (const event of redeliveries) {
    const first = sequence.indexOf(event);
    const at = first + REDELIVERY_GAP + Math.floor(random() * (sequence.length - first - REDELIVERY_GAP + 1));
    sequence.splice(at, 0, event);
  }
  return sequence;
}

const COUNTS = {
  payments: `SELECT COUNT(*) FROM "Payment"`,
  deliveries: `SELECT COUNT(*) FROM "WebhookDelivery" WHERE "verified"`,
  duplicates: `SELECT SUM("duplicateCount") FROM "WebhookDelivery" WHERE "verified"`,
  recorded: `SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = 'payment.recorded'`,
};

async function countsInPostgres(url: string): Promise<Counts> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const one = async (sql: string) => Number(Object.values((await client.query<Record<string, unknown>>(sql)).rows[0] ?? {})[0] ?? 0);
    return { payments: await one(COUNTS.payments), deliveries: await one(COUNTS.deliveries), duplicates: await one(COUNTS.duplicates), recorded: await one(COUNTS.recorded) };
  } finally {
    await client.end();
  }
}

function countsIn(file: string): Counts {
  const db = new Database(file, { readonly: true });
  try {
    const one = (sql: string) => Number((db.prepare(sql).pluck().get() as number | bigint | null) ?? 0);
    return {
      payments: one(`SELECT COUNT(*) FROM "Payment"`),
      deliveries: one(`SELECT COUNT(*) FROM "WebhookDelivery" WHERE "verified" = 1`),
      duplicates: one(`SELECT SUM("duplicateCount") FROM "WebhookDelivery" WHERE "verified" = 1`),
      recorded: one(`SELECT COUNT(*) FROM "AuditEvent" WHERE "action" = 'payment.recorded'`),
    };
  } finally {
    db.close();
  }
}

runScript(main);
