/**
 * `npm run bench:ingest` — notification ingestion over HTTP, signed, on SQLite.
 *
 * Creates N orders, then posts one signed `payment.succeeded` per order to
 * /api/webhooks/sandbox, each delivered 3 times (at-least-once delivery),
 * at 10 concurrent connections. Reports throughput and latency against a
 * baseline measured in the same run at the same concurrency: an authenticated
 * GET of one order (one key check and one read). Afterwards it checks the
 * exact counts: N paid orders, each received exactly its amount once.
 */
import { Webhook } from "standardwebhooks";
import { percentile, runConcurrently, startBenchServer } from "./bench-server";
import type { OrderJson } from "@/lib/orders/order-json";

const N = Number(process.env.BENCH_N ?? 500);
const COPIES = 3;
const CONCURRENCY = 10;

async function main() {
  const s = await startBenchServer("bench-ingest", 3300, 4310);
  const headers = { authorization: `Bearer ${s.key}`, "content-type": "application/json" };
  try {
    const orders: { id: string; provider_ref: string; amount: number }[] = [];
    for (let i = 0; i < N; i++) {
      const response = await fetch(`${s.till}/api/v1/orders`, { method: "POST", headers, body: JSON.stringify({ amount: 100 + i }) });
      orders.push((await response.json()) as OrderJson);
    }

    const baseline = await timed(N * COPIES, (i) => fetch(`${s.till}/api/v1/orders/${orders[i % N]!.id}`, { headers }));

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
    const ingest = await timed(N * COPIES, async (k) => {
      const i = k % N;
      const at = new Date();
      const response = await fetch(`${s.till}/api/webhooks/sandbox`, {
        method: "POST",
        headers: { "content-type": "application/json", "webhook-id": `evt_bench_${i}`, "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": webhook.sign(`evt_bench_${i}`, at, bodies[i]!) },
        body: bodies[i],
      });
      if (response.status !== 200) throw new Error(`delivery answered ${response.status}`);
      return response;
    });

    let paid = 0;
    for (const o of orders) {
      const after = (await (await fetch(`${s.till}/api/v1/orders/${o.id}`, { headers })).json()) as OrderJson;
      if (after.status !== "paid" || after.amount_received !== o.amount || after.payments.length !== 1) {
        throw new Error(`order ${o.id}: ${after.status}, received ${after.amount_received} of ${o.amount}, ${after.payments.length} payments`);
      }
      paid += 1;
    }
    console.log(`\n${N} orders, ${N * COPIES} signed deliveries (each event ${COPIES}×) at ${CONCURRENCY} connections; ${paid} paid exactly once`);
    row("webhook ingestion", ingest);
    row("GET /api/v1/orders/{id} (baseline)", baseline);
    console.log(`throughput ratio ingestion / baseline: ${(ingest.perSecond / baseline.perSecond).toFixed(2)}×; p99 ratio: ${(percentile(ingest.latencies, 99) / percentile(baseline.latencies, 99)).toFixed(1)}×`);
  } finally {
    s.stop();
  }
}

async function timed(count: number, call: (i: number) => Promise<Response>) {
  const start = performance.now();
  const latencies = await runConcurrently(count, CONCURRENCY, async (i) => {
    await (await call(i)).arrayBuffer();
  });
  return { latencies, perSecond: count / ((performance.now() - start) / 1000) };
}

function row(label: string, r: { latencies: number[]; perSecond: number }) {
  console.log(
    `${label.padEnd(38)} ${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${percentile(r.latencies, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(r.latencies, 99).toFixed(1).padStart(6)} ms`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
