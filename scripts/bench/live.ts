/**
 * `npm run bench:live` — from the moment Sandbox Pay sends a payment's signed
 * notification to a real Chromium cashier page showing PAID.
 *
 * Starts its own Till and Sandbox Pay (`npm start`, fresh database under
 * data/bench-live, ports 3700/4700) and signs a cashier in through the sign-in
 * screen. For each of BENCH_N (100) orders: the cashier's page opens the
 * order's payment screen and waits until its event stream has delivered the
 * open order; then the customer pays at Sandbox Pay. The start is the
 * delivery attempt's time as Sandbox Pay records it (GET /sandbox/events);
 * the end is the moment a MutationObserver in the page sees the status turn
 * `paid` (performance.timeOrigin + performance.now(): the same machine's
 * clock). The page also records when the `order` event carrying PAID arrived
 * on its EventSource, which splits the figure into the wire and the render.
 *
 * Baseline, in the same run: the same page fetching the same order over the
 * API (GET /api/v1/orders/{id}) — one round trip to Till from the browser.
 */
import { launchChromium, cashierPage } from "./browser";
import { percentile, report, runScript, startBenchServer } from "./bench-server";

const N = Number(process.env.BENCH_N ?? 100);
const TARGET_P95_MS = 100;

declare global {
  interface Window {
    /** When the page saw each order status, on the machine's clock (ms since the epoch). */
    tillBench: { domPaidAt?: number; events: { status: string; at: number }[] };
  }
}

/**
 * Runs in the page before its scripts: records `order` events as they arrive and the moment PAID is in the DOM.
 * Plain JavaScript text, so that nothing the TypeScript loader adds to functions travels into the page.
 */
const INSTRUMENT_PAGE = `
  const clock = () => performance.timeOrigin + performance.now();
  window.tillBench = { events: [] };
  const Native = window.EventSource;
  window.EventSource = class extends Native {
    constructor(url, init) {
      super(url, init);
      this.addEventListener("order", (event) => window.tillBench.events.push({ status: JSON.parse(event.data).status, at: clock() }));
    }
  };
  new MutationObserver(() => {
    if (window.tillBench.domPaidAt === undefined && document.querySelector('[data-testid="order-status"][data-status="paid"]')) window.tillBench.domPaidAt = clock();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-status"] });
`;

async function main() {
  const server = await startBenchServer("bench-live", 3700, 4700);
  const { till, sandbox, key, sandboxKey } = server;
  const auth = (k: string) => ({ authorization: `Bearer ${k}`, "content-type": "application/json" });
  const browser = await launchChromium();
  try {
    const page = await cashierPage(browser, till);
    await page.addInitScript(INSTRUMENT_PAGE);
    const toScreen: number[] = [];
    const toEvent: number[] = [];
    const eventToDom: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < N; i++) {
      const order = (await (await fetch(`${till}/api/v1/orders`, { method: "POST", headers: auth(key), body: JSON.stringify({ amount: 100 + i }) })).json()) as { id: string; provider_ref: string };
      const charge = ((await (await fetch(`${sandbox}/v1/charges?merchant_ref=${order.provider_ref}`, { headers: auth(sandboxKey) })).json()) as { data: { id: string }[] }).data[0]!;
      await page.goto(`/charge/${order.id}`);
      await page.waitForFunction(() => window.tillBench.events.some((e) => e.status === "open"));
      baseline.push(
        await page.evaluate(
          async ({ id, k }) => {
            const t = performance.now();
            await (await fetch(`/api/v1/orders/${id}`, { headers: { authorization: `Bearer ${k}` } })).json();
            return performance.now() - t;
          },
          { id: order.id, k: key },
        ),
      );

      const paid = await fetch(`${sandbox}/sandbox/charges/${charge.id}/pay`, { method: "POST", headers: auth(sandboxKey), body: "{}" });
      if (paid.status !== 201) throw new Error(`payment failed: ${paid.status}`);
      await page.waitForFunction(() => window.tillBench.domPaidAt !== undefined, undefined, { timeout: 10_000 });
      const seen = await page.evaluate(() => ({ dom: window.tillBench.domPaidAt!, event: window.tillBench.events.find((e) => e.status === "paid")?.at }));
      const events = (await (await fetch(`${sandbox}/sandbox/events?charge_id=${charge.id}`, { headers: auth(sandboxKey) })).json()) as { data: { type: string; attempts: { at: string; ok: boolean }[] }[] };
      const attempt = events.data.find((e) => e.type === "payment.succeeded")?.attempts.find((a) => a.ok);
      if (!attempt || seen.event === undefined) throw new Error(`order ${order.id}: no acknowledged delivery or no PAID event on the page`);
      const sentAt = Date.parse(attempt.at);
      toScreen.push(seen.dom - sentAt);
      toEvent.push(seen.event - sentAt);
      eventToDom.push(seen.dom - seen.event);
    }
    report("notification sent → PAID in the DOM", toScreen, "page's GET of the order (baseline)", baseline);
    console.log(`  of which: notification sent → PAID event at the page   p50 ${percentile(toEvent, 50).toFixed(1)} ms   p95 ${percentile(toEvent, 95).toFixed(1)} ms`);
    console.log(`            PAID event → PAID in the DOM                  p50 ${percentile(eventToDom, 50).toFixed(1)} ms   p95 ${percentile(eventToDom, 95).toFixed(1)} ms`);
    const p95 = percentile(toScreen, 95);
    console.log(`target p95 ≤ ${TARGET_P95_MS} ms: ${p95 <= TARGET_P95_MS ? "met" : "MISSED"} (${p95.toFixed(1)} ms)`);
  } finally {
    await browser.close();
    await server.stop();
  }
}

runScript(main);
