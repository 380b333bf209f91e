/**
 * `npm run bench:page` — the sale page's weight and Lighthouse's verdict on it.
 *
 * 1. From the production build (`.next`, built by `npm start` when the sources
 *    changed): the JavaScript the sale page loads first, as Next.js lists it in
 *    .next/diagnostics/route-bundle-stats.json, each file gzipped with zlib
 *    (level 9). Baseline in the same run: the framework chunks every page of
 *    Till loads (build-manifest.json's rootMainFiles), whatever is on it.
 *    Both count only what Chromium runs: Next's `polyfills` chunk (loaded with
 *    noModule, so that no browser with modules fetches it) is on neither list,
 *    and step 2 checks the count against the scripts Chromium does fetch for
 *    /sale: a file counted but never fetched fails the bench; files fetched
 *    besides the counted ones (chunks loaded after the page, on idle or on
 *    demand) are printed.
 * 2. No camera (html5-qrcode) or chart (echarts) code on the sale page: the
 *    chunks holding them are found in the build by their names, then neither
 *    the first-load list nor any script Chromium fetches while a signed-in
 *    cashier opens /sale may be one of them. (If the names are found in no
 *    chunk, the check could not fail, and the bench says so and fails.)
 * 3. Lighthouse 12.2.3 (performance only) with Debian's Chromium against
 *    Till's own `npm start` (data/bench-page, ports 3700/4700), signed in as a
 *    cashier (the session cookie goes in --extra-headers): the median score of
 *    BENCH_RUNS (5) runs, with Lighthouse's default (mobile, simulated
 *    throttling) and its desktop preset (BENCH_PRESETS=mobile,desktop). Baseline in the same run: the sign-in
 *    page, the lightest page, measured the same way.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { SESSION_COOKIE } from "@/app/_server/session";
import { CHROMIUM_ARGS, CHROMIUM_PATH, cashierPage, launchChromium } from "./browser";
import { runScript, startBenchServer } from "./bench-server";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const PRESETS = (process.env.BENCH_PRESETS ?? "mobile,desktop").split(",").filter((p): p is "mobile" | "desktop" => p === "mobile" || p === "desktop");
const TARGET_KB = 120;
const TARGET_SCORE = 95;
const FORBIDDEN = { camera: /html5-qrcode|Html5Qrcode/, chart: /echarts|ECharts/ };
const kb = (bytes: number) => bytes / 1000;

type RouteStats = { route: string; firstLoadChunkPaths: string[] };

function gzipped(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

type LighthouseRun = { score: number; metrics: Record<string, number> };
const METRICS = { fcp: "first-contentful-paint", lcp: "largest-contentful-paint", tbt: "total-blocking-time", si: "speed-index", cls: "cumulative-layout-shift" } as const;

/** One Lighthouse run; a run Lighthouse itself reports as broken (e.g. NO_NAVSTART, a trace it failed to record) is run again, at most twice. */
function lighthouse(url: string, cookie: string, preset: "mobile" | "desktop", out: string): LighthouseRun {
  const args = [
    url,
    "--only-categories=performance",
    "--output=json",
    `--output-path=${out}`,
    "--quiet",
    `--chrome-flags=--headless=new ${CHROMIUM_ARGS.join(" ")}`,
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    ...(preset === "desktop" ? ["--preset=desktop"] : []),
  ];
  for (let attempt = 1; ; attempt++) {
    try {
      execFileSync("node_modules/.bin/lighthouse", args, { env: { ...process.env, CHROME_PATH: CHROMIUM_PATH }, stdio: ["ignore", "ignore", "inherit"] });
      break;
    } catch (error) {
      if (attempt === 3) throw error;
      console.log(`Lighthouse failed on ${url} (attempt ${attempt}); running it again`);
    }
  }
  const report = JSON.parse(readFileSync(out, "utf8")) as { finalDisplayedUrl: string; categories: { performance: { score: number } }; audits: Record<string, { numericValue: number }> };
  if (!report.finalDisplayedUrl.startsWith(url)) throw new Error(`Lighthouse ended on ${report.finalDisplayedUrl}, not ${url}: not signed in?`);
  const metrics = Object.fromEntries(Object.entries(METRICS).map(([name, id]) => [name, report.audits[id]!.numericValue]));
  return { score: Math.round(report.categories.performance.score * 100), metrics };
}

/** "fcp 1.2 s, lcp 2.0 s, tbt 150 ms, …": each metric's median over the runs. */
function metricMedians(runs: LighthouseRun[]): string {
  return Object.keys(METRICS)
    .map((name) => {
      const value = median(runs.map((r) => r.metrics[name]!));
      return name === "cls" ? `${name} ${value.toFixed(3)}` : name === "tbt" ? `${name} ${Math.round(value)} ms` : `${name} ${(value / 1000).toFixed(2)} s`;
    })
    .join(", ");
}

async function main() {
  const server = await startBenchServer("bench-page", 3700, 4700);
  const failures: string[] = [];
  try {
    // 1. First-load JavaScript, from the build.
    const stats = JSON.parse(readFileSync(".next/diagnostics/route-bundle-stats.json", "utf8")) as RouteStats[];
    const sale = stats.find((r) => r.route === "/sale");
    if (!sale) throw new Error("the build lists no /sale route in .next/diagnostics/route-bundle-stats.json");
    const framework = (JSON.parse(readFileSync(".next/build-manifest.json", "utf8")) as { rootMainFiles: string[] }).rootMainFiles.map((f) => path.join(".next", f));
    const saleBytes = sale.firstLoadChunkPaths.reduce((sum, f) => sum + gzipped(f), 0);
    const frameworkBytes = framework.reduce((sum, f) => sum + gzipped(f), 0);
    console.log(`\n/sale first-load JavaScript: ${kb(saleBytes).toFixed(1)} kB gzip in ${sale.firstLoadChunkPaths.length} files`);
    console.log(`framework chunks every page loads (baseline): ${kb(frameworkBytes).toFixed(1)} kB gzip in ${framework.length} files`);
    console.log(`ratio: ${(saleBytes / frameworkBytes).toFixed(2)}×; the sale page's own code: ${kb(saleBytes - frameworkBytes).toFixed(1)} kB`);
    if (kb(saleBytes) > TARGET_KB) failures.push(`first-load JavaScript ${kb(saleBytes).toFixed(1)} kB > ${TARGET_KB} kB`);

    // 2. No camera or chart code.
    const chunkDir = ".next/static/chunks";
    const holders = new Map<string, string>();
    for (const name of readdirSync(chunkDir).filter((f) => f.endsWith(".js"))) {
      const text = readFileSync(path.join(chunkDir, name), "utf8");
      for (const [what, pattern] of Object.entries(FORBIDDEN)) if (pattern.test(text)) holders.set(name, what);
    }
    for (const what of Object.keys(FORBIDDEN)) {
      if (![...holders.values()].includes(what)) failures.push(`no chunk of the build holds the ${what} code: the check cannot see it`);
    }
    console.log(`chunks holding camera or chart code: ${[...holders].map(([f, w]) => `${f} (${w})`).join(", ")}`);
    const onFirstLoad = sale.firstLoadChunkPaths.map((f) => path.basename(f)).filter((f) => holders.has(f));
    const browser = await launchChromium();
    let cookie = "";
    try {
      const page = await cashierPage(browser, server.till);
      const fetched = new Set<string>();
      page.on("response", (r) => {
        const match = /\/_next\/static\/chunks\/([^?]+\.js)/.exec(r.url());
        if (match) fetched.add(match[1]!);
      });
      await page.goto("/sale", { waitUntil: "networkidle" });
      await page.getByTestId("keypad").waitFor();
      const loaded = [...fetched].filter((f) => holders.has(f));
      // What the first-load figure counts against what Chromium ran; chunks loaded on demand after the page (next/dynamic) are neither.
      const counted = new Set(sale.firstLoadChunkPaths.map((f) => path.basename(f)));
      const notFetched = [...counted].filter((f) => !fetched.has(f));
      const polyfills = (JSON.parse(readFileSync(".next/build-manifest.json", "utf8")) as { polyfillFiles: string[] }).polyfillFiles.map((f) => path.basename(f));
      console.log(`first-load files Chromium fetched: ${[...counted].filter((f) => fetched.has(f)).length} of ${counted.size}; fetched besides them: ${[...fetched].filter((f) => !counted.has(f)).join(", ") || "none"}; noModule polyfills (${polyfills.join(", ")}) fetched: ${polyfills.some((f) => fetched.has(f)) ? "yes" : "no"}, counted: ${polyfills.some((f) => counted.has(f)) ? "yes" : "no"}`);
      if (notFetched.length) failures.push(`counted as first-load JavaScript but never fetched by Chromium: ${notFetched.join(", ")}`);
      console.log(`scripts Chromium fetched for /sale: ${fetched.size}; camera or chart among them or on the first-load list: ${[...onFirstLoad, ...loaded].join(", ") || "none"}`);
      if (onFirstLoad.length || loaded.length) failures.push(`camera or chart code on /sale: ${[...onFirstLoad, ...loaded].join(", ")}`);
      const session = (await page.context().cookies()).find((c) => c.name === SESSION_COOKIE);
      if (!session) throw new Error("no session cookie after signing in");
      cookie = `${session.name}=${session.value}`;
    } finally {
      await browser.close();
    }

    // 3. Lighthouse, median of RUNS, each preset; the sign-in page alongside as the baseline.
    mkdirSync("data/bench-page/lighthouse", { recursive: true });
    for (const preset of PRESETS) {
      const runs = { sale: [] as LighthouseRun[], login: [] as LighthouseRun[] };
      for (let i = 0; i < RUNS; i++) {
        runs.sale.push(lighthouse(`${server.till}/sale`, cookie, preset, `data/bench-page/lighthouse/sale-${preset}-${i}.json`));
        runs.login.push(lighthouse(`${server.till}/login`, "", preset, `data/bench-page/lighthouse/login-${preset}-${i}.json`));
      }
      const scores = { sale: runs.sale.map((r) => r.score), login: runs.login.map((r) => r.score) };
      const sale = median(scores.sale);
      const login = median(scores.login);
      console.log(`Lighthouse performance (${preset}), median of ${RUNS}: /sale ${sale} [${scores.sale.join(", ")}]; /login (baseline) ${login} [${scores.login.join(", ")}]; ratio ${(sale / login).toFixed(2)}`);
      console.log(`  /sale: ${metricMedians(runs.sale)}; /login: ${metricMedians(runs.login)}`);
      if (sale < TARGET_SCORE) failures.push(`Lighthouse ${preset} score ${sale} < ${TARGET_SCORE}`);
    }
  } finally {
    await server.stop();
  }
  console.log(failures.length ? `\ntargets missed: ${failures.join("; ")}` : "\nall targets met");
}

runScript(main);
