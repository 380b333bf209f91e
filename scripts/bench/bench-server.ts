/**
 * Starts a Till and a Sandbox Pay of their own for a benchmark (`npm start` on
 * a fresh database under data/<name>), and stops them when the process exits.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";

export type BenchServer = { till: string; sandbox: string; key: string; sandboxKey: string; webhookSecret: string; stop: () => void };

export async function startBenchServer(name: string, port: number, sandboxPort: number, env: Record<string, string> = {}): Promise<BenchServer> {
  const data = `data/${name}`;
  rmSync(data, { recursive: true, force: true });
  const key = "tk_bench_cashier_000000000";
  const sandboxKey = "sk_sandbox_bench";
  const webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const server = spawn("npm", ["start"], {
    env: {
      ...process.env,
      PORT: String(port),
      SANDBOX_PORT: String(sandboxPort),
      DATABASE_URL: `file:./${data}/till.db`,
      SANDBOX_DB: `${data}/sandbox.db`,
      SANDBOX_API_KEY: sandboxKey,
      PROVIDER_WEBHOOK_SECRET: webhookSecret,
      TILL_SEED_API_KEY: key,
      TILL_SEED_OWNER_API_KEY: "tk_bench_owner_00000000000",
      TILL_SWEEP_AFTER_S: "600",
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const stop = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  process.on("exit", stop);
  const till = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  for (;;) {
    try {
      if ((await fetch(`${till}/login`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("Till did not come up");
    await new Promise((r) => setTimeout(r, 500));
  }
  return { till, sandbox: `http://127.0.0.1:${sandboxPort}`, key, sandboxKey, webhookSecret, stop };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Runs `task` for every index with at most `concurrency` in flight; returns each call's latency in ms. */
export async function runConcurrently(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return latencies;
}

/** Prints a figure's p50, p95 and max beside its baseline's, measured in the same run, and the ratio of their p95s. */
export function report(name: string, values: number[], baseName: string, base: number[]): void {
  const row = (label: string, v: number[]) =>
    `${label.padEnd(40)} p50 ${percentile(v, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(v, 95).toFixed(1).padStart(7)} ms   max ${Math.max(...v).toFixed(1).padStart(7)} ms`;
  console.log(`\n${values.length} orders`);
  console.log(row(name, values));
  console.log(row(baseName, base));
  console.log(`ratio p95 / baseline p95: ${(percentile(values, 95) / percentile(base, 95)).toFixed(1)}×`);
}

export type OrderEvent = { status: string };

/** Follows one order's event stream (API v1, Server-Sent Events) as a cash register does. */
export async function openOrderStream(till: string, key: string, orderId: string) {
  const controller = new AbortController();
  const response = await fetch(`${till}/api/v1/orders/${orderId}/events`, { headers: { authorization: `Bearer ${key}` }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`event stream of ${orderId}: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  return {
    /** The next `order` event that matches. */
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
