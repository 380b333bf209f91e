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
import { openOrderStream, report, runScript, startBenchServer } from "./bench-server";
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
      const stream = await openOrderStream(TILL, KEY, order.id);
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

runScript(main);
