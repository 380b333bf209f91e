/**
 * Starts a Till and a Sandbox Pay of their own for a benchmark (`npm start` on
 * a fresh database under data/<name>), and stops them when the process exits.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";

export type BenchServer = {
  till: string;
  sandbox: string;
  key: string;
  sandboxKey: string;
  webhookSecret: string;
  /** Till's SQLite file, for the counts a bench checks once the server has stopped. */
  dbFile: string;
  /** Under BENCH_PROFILE: leaves out of the profile everything before now (the bench's setup). */
  profileFromHere: () => void;
  /** Stops Till and Sandbox Pay and resolves once they have exited (a CPU profile is written on exit). */
  stop: () => Promise<void>;
};

/**
 * `npm start` on a fresh database under data/<name>, with TILL_BENCH=1 (the bare
 * route /api/bench, the baseline). BENCH_PROFILE=1 profiles Till's server process
 * (scripts/bench/cpu-profile.cjs) and writes data/<name>/profiles/<pid>.cpuprofile
 * before it stops (open it in Chrome DevTools or speedscope).
 */
export async function startBenchServer(name: string, port: number, sandboxPort: number, env: Record<string, string> = {}): Promise<BenchServer> {
  const data = `data/${name}`;
  // Two servers may share a bench's name (one PostgreSQL database): only the first clears the data folder.
  if (env.SANDBOX_START !== "0") rmSync(data, { recursive: true, force: true });
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
      TILL_BENCH: "1",
      ...(process.env.BENCH_PROFILE
        ? { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${process.cwd()}/scripts/bench/cpu-profile.cjs`.trim(), TILL_CPU_PROFILE_DIR: `${process.cwd()}/${data}/profiles` }
        : {}),
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => server.on("exit", () => resolve()));
  const kill = () => {
    try {
      process.kill(-server.pid!, "SIGTERM");
    } catch {
      // already gone
    }
  };
  let stopped = false;
  process.on("exit", () => stopped || kill());
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    if (process.env.BENCH_PROFILE) await writeProfiles(`${data}/profiles`);
    kill();
    await exited;
  };
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
  const profileFromHere = () => {
    const dir = `${data}/profiles`;
    if (!process.env.BENCH_PROFILE || !existsSync(dir)) return;
    for (const f of readdirSync(dir).filter((name) => name.endsWith(".pid"))) process.kill(Number(f.slice(0, -4)), "SIGWINCH");
  };
  return { till, sandbox: `http://127.0.0.1:${sandboxPort}`, key, sandboxKey, webhookSecret, dbFile: `${data}/till.db`, profileFromHere, stop };
}

/** Asks every profiled process (a <pid>.pid file) for its profile, and waits until each is written. */
async function writeProfiles(dir: string): Promise<void> {
  const pids = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".pid")).map((f) => Number(f.slice(0, -4))) : [];
  for (const pid of pids) process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !pids.every((pid) => existsSync(`${dir}/${pid}.cpuprofile`))) await new Promise((r) => setTimeout(r, 200));
  console.log(`CPU profiles: ${pids.map((pid) => `${dir}/${pid}.cpuprofile`).join(", ")}`);
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

export type Timed = { latencies: number[]; perSecond: number };

/** `count` calls at `concurrency` in flight, each body read to the end: throughput and each call's latency. */
export async function timed(count: number, concurrency: number, call: (i: number) => Promise<Response>): Promise<Timed> {
  const start = performance.now();
  const latencies = await runConcurrently(count, concurrency, async (i) => {
    await (await call(i)).arrayBuffer();
  });
  return { latencies, perSecond: count / ((performance.now() - start) / 1000) };
}

export function printRow(label: string, r: Timed): void {
  console.log(
    `${label.padEnd(44)} ${r.perSecond.toFixed(0).padStart(6)} req/s   p50 ${percentile(r.latencies, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(r.latencies, 99).toFixed(1).padStart(6)} ms`,
  );
}

/** A small seeded generator (mulberry32), so that a run's order of requests can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs a script's `main` and exits: 0 when it resolves, 1 (with the error printed) when it throws. */
export function runScript(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
