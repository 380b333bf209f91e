/**
 * The long run of the money model (lib/orders/money-model.test.ts) for
 * `npm run test:chaos`: MODEL_RUNS (1000) runs from a seed it prints
 * (MODEL_SEED to replay one).
 */
import { spawnSync } from "node:child_process";

const seed = process.env.MODEL_SEED ?? String(Date.now() % 2 ** 31);
const runs = process.env.MODEL_RUNS ?? "1000";
console.log(`money model: ${runs} runs, seed ${seed}`);
const started = performance.now();
const result = spawnSync("node_modules/.bin/vitest", ["run", "lib/orders/money-model.test.ts"], { stdio: "inherit", env: { ...process.env, MODEL_SEED: seed, MODEL_RUNS: runs } });
console.log(`money model: ${result.status === 0 ? "passed" : "FAILED"} (seed ${seed}, ${runs} runs, ${((performance.now() - started) / 1000).toFixed(0)} s)`);
process.exit(result.status ?? 1);
