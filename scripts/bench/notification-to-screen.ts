/**
 * `npm run bench:screen` — how long from a customer's payment to the order's
 * PAID state reaching a live screen over Server-Sent Events.
 *
 * Starts its own Till and Sandbox Pay (`npm start`, fresh database under
 * data/bench-screen, ports 3200/4210), then for each of N orders: subscribes to the
 * order's event stream, pays at Sandbox Pay (normal delivery: signed webhook →
 * Till stores and applies it → SSE), and times until `status: "paid"` arrives.
 * The baseline, measured in the same run, is a plain authenticated GET of the
 * same order: the ratio says what the notification path costs beyond one
 * round trip to Till, whatever the machine's load.
 */
import { percentile, startBenchServer } from "./bench-server";
import type { OrderJson } from "@/lib/orders/order-json";

const N = Number(process.env.BENCH_N ?? 50);
let TILL = "";
let KEY = "";

const auth = (key: string) => ({ authorization: `Bearer ${key}`, "content-type": "application/json" });

async function main() {
  const server = await startBenchServer("bench-screen", 3200, 4210);
  TILL = server.till;
  KEY = server.key;
  const SANDBOX = server.sandbox;
  const SANDBOX_KEY = server.sandboxKey;
  try {
    const baseline: number[] = [];
    const latency: number[] = [];
    for (let i = 0; i < N; i++) {
      const order = (await (await fetch(`${TILL}/api/v1/orders`, { method: "POST", headers: auth(KEY), body: JSON.stringify({ amount: 100 + i }) })).json()) as OrderJson;
      const t = performance.now();
      await (await fetch(`${TILL}/api/v1/orders/${order.id}`, { headers: auth(KEY) })).json();
      baseline.push(performance.now() - t);

      const charge = ((await (await fetch(`${SANDBOX}/v1/charges?merchant_ref=${order.provider_ref}`, { headers: auth(SANDBOX_KEY) })).json()) as { data: { id: string }[] }).data[0]!;
      const stream = await openStream(order.id);
      await stream.next((o) => o.status === "open");
      const t0 = performance.now();
      const paid = stream.next((o) => o.status === "paid");
      const payment = await fetch(`${SANDBOX}/sandbox/charges/${charge.id}/pay`, { method: "POST", headers: auth(SANDBOX_KEY), body: "{}" });
      if (payment.status !== 201) throw new Error(`payment failed: ${payment.status}`);
      await paid;
      latency.push(performance.now() - t0);
      stream.close();
    }
    const paidCount = ((await (await fetch(`${TILL}/api/v1/orders?status=paid&limit=100`, { headers: auth(KEY) })).json()) as { data: OrderJson[] }).data.length;
    if (paidCount !== N) throw new Error(`expected ${N} paid orders, found ${paidCount}`);
    report("payment → PAID on the event stream", latency, "plain GET of the order (baseline)", baseline);
  } finally {
    await server.stop();
  }
}

type OrderEvent = { status: string };

async function openStream(orderId: string) {
  const controller = new AbortController();
  const response = await fetch(`${TILL}/api/v1/orders/${orderId}/events`, { headers: auth(KEY), signal: controller.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    async next(match: (o: OrderEvent) => boolean): Promise<OrderEvent> {
      for (;;) {
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split("\n").find((l) => l.startsWith("data: "));
          if (block.includes("event: order") && data) {
            const order = JSON.parse(data.slice(6)) as OrderEvent;
            if (match(order)) return order;
          }
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("event stream ended");
        buffer += value;
      }
    },
    close: () => controller.abort(),
  };
}

function report(name: string, values: number[], baseName: string, base: number[]) {
  const row = (label: string, v: number[]) =>
    `${label.padEnd(40)} p50 ${percentile(v, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(v, 95).toFixed(1).padStart(7)} ms   max ${Math.max(...v).toFixed(1).padStart(7)} ms`;
  console.log(`\n${values.length} orders`);
  console.log(row(name, values));
  console.log(row(baseName, base));
  console.log(`ratio p95 / baseline p95: ${(percentile(values, 95) / percentile(base, 95)).toFixed(1)}×`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
