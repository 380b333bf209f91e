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
 * BENCH_N (default 700) sets the number of orders; BENCH_SEED the order of the
 * deliveries; BENCH_PROFILE=1 profiles the servers (bench-server.ts).
 */
import Database from "better-sqlite3";
import { Webhook } from "standardwebhooks";
import type { OrderJson } from "@/lib/orders/order-json";
import { timed, percentile, printRow, runScript, seededRandom, startBenchServer } from "./bench-server";

const N = Number(process.env.BENCH_N ?? 700);
const DUPLICATE_SHARE = 0.3;
const DUPLICATES = Math.round((N * DUPLICATE_SHARE) / (1 - DUPLICATE_SHARE));
/** Orders paid before the measurement, so that the route's code is loaded and warm; counted in the checks. */
const WARM = 20;
/** A re-delivery comes at least this many deliveries after its event's first: with 10 in flight, the first has been sent. */
const REDELIVERY_GAP = 20;
const CONCURRENCY = 10;
const SEED = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);

async function main() {
  const s = await startBenchServer("bench-ingest", 3300, 4310);
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
    const deliver = async (i: number) => {
      const at = new Date();
      const response = await fetch(`${s.till}/api/webhooks/sandbox`, {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": `evt_bench_${i}`, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": webhook.sign(`evt_bench_${i}`, at, bodies[i]!) },
        body: bodies[i],
      });
      if (response.status !== 200) throw new Error(`delivery of evt_bench_${i} answered ${response.status}: ${await response.text()}`);
      return response;
    };
    const bare = (i: number) => fetch(`${s.till}/api/bench`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[i % bodies.length] });

    const sequence = deliverySequence(seededRandom(SEED));
    const total = sequence.length;
    // Warm-up: the first WARM orders' events, and the bare route as many times.
    await timed(WARM, CONCURRENCY, (i) => deliver(N + i));
    await timed(WARM * 5, CONCURRENCY, bare);

    const before = await timed(total, CONCURRENCY, bare);
    const ingest = await timed(total, CONCURRENCY, (k) => deliver(sequence[k]!));
    const after = await timed(total, CONCURRENCY, bare);

    for (const o of orders) {
      const got = (await (await fetch(`${s.till}/api/v1/orders/${o.id}`, { headers })).json()) as OrderJson;
      if (got.status !== "paid" || got.amount_received !== o.amount || got.payments.length !== 1) {
        throw new Error(`order ${o.id}: ${got.status}, received ${got.amount_received} of ${o.amount}, ${got.payments.length} payments`);
      }
    }
    await s.stop();
    stopped = true;
    const counts = countsIn(s.dbFile);
    const expected = { payments: N + WARM, deliveries: N + WARM, duplicates: DUPLICATES, recorded: N + WARM };
    for (const [name, value] of Object.entries(expected)) {
      if (counts[name as keyof typeof counts] !== value) throw new Error(`${name}: expected ${value}, found ${counts[name as keyof typeof counts]}`);
    }

    const baseline = before.perSecond >= after.perSecond ? before : after;
    const ratio = ingest.perSecond / baseline.perSecond;
    const p99 = percentile(ingest.latencies, 99);
    console.log(
      `\n${N} open orders, ${total} signed deliveries (${DUPLICATES} re-deliveries, ${Math.round((DUPLICATES / total) * 100)} %) at ${CONCURRENCY} connections, seed ${SEED}` +
        `\nexactly once: ${counts.payments} payments, ${counts.deliveries} verified deliveries, ${counts.duplicates} duplicates counted, ${counts.recorded} payment.recorded audit events (${WARM} of each from the warm-up)`,
    );
    printRow("webhook ingestion", ingest);
    printRow("bare route /api/bench, before (baseline)", before);
    printRow("bare route /api/bench, after (baseline)", after);
    console.log(`throughput: ${ratio.toFixed(2)}× the faster bare run (target ≥ 0.5×: ${ratio >= 0.5 ? "met" : "missed"}); p99 ${p99.toFixed(1)} ms (target ≤ 50 ms: ${p99 <= 50 ? "met" : "missed"})`);
  } finally {
    if (!stopped) await s.stop();
  }
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

function countsIn(file: string) {
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
