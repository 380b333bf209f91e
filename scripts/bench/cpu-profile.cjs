/**
 * Preloaded into Till's server by the benchmarks under BENCH_PROFILE=1
 * (`NODE_OPTIONS=--require …`; Node refuses `--cpu-prof` there): profiles the
 * process running scripts/serve.ts from start to exit and writes the profile
 * to $TILL_CPU_PROFILE_DIR/<pid>.cpuprofile (Chrome DevTools, speedscope).
 */
const { Session } = require("node:inspector");
const { mkdirSync, writeFileSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.TILL_CPU_PROFILE_DIR;
if (dir && process.argv.some((arg) => arg.endsWith("scripts/serve.ts"))) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // On the main thread the inspector answers synchronously, so this runs before the process goes on.
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  // Written when the stop is asked for (the benchmarks stop the server with SIGTERM), before shutdown starts.
  process.prependListener("SIGTERM", write);
  process.prependListener("SIGINT", write);
  process.on("exit", write);
}
