/**
 * Preloaded into Till's server by the benchmarks under BENCH_PROFILE=1
 * (`NODE_OPTIONS=--require …`; Node refuses `--cpu-prof` there): profiles the
 * process running scripts/serve.ts from its start. It leaves its pid in
 * $TILL_CPU_PROFILE_DIR/<pid>.pid; on SIGUSR2 it stops and writes
 * <pid>.cpuprofile there (Chrome DevTools, speedscope), and keeps serving; on
 * SIGWINCH it starts over, so that a bench can leave its setup out.
 */
const { Session } = require("node:inspector");
const { mkdirSync, writeFileSync, renameSync } = require("node:fs");
const path = require("node:path");

const dir = process.env.TILL_CPU_PROFILE_DIR;
if (dir && process.argv.some((arg) => arg.endsWith("scripts/serve.ts"))) {
  const session = new Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 500 });
  session.post("Profiler.start");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${process.pid}.pid`), String(process.pid));
  // SIGWINCH (harmless otherwise): drop what was gathered so far and profile afresh, from the measurement's start.
  process.on("SIGWINCH", () => {
    session.post("Profiler.stop", () => session.post("Profiler.start"));
  });
  process.on("SIGUSR2", () => {
    session.post("Profiler.stop", (error, result) => {
      if (error) return void process.stderr.write(`cpu-profile: ${String(error)}\n`);
      const file = path.join(dir, `${process.pid}.cpuprofile`);
      writeFileSync(`${file}.part`, JSON.stringify(result.profile));
      renameSync(`${file}.part`, file);
    });
  });
}
