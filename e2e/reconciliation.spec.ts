import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";
import { OrderResponse } from "../lib/orders/order-response";
import { DiscrepancyPageResponse } from "../lib/reconciliation/discrepancy-response";
import { ImportStatementResponse, ReconciliationSummaryResponse } from "../lib/reconciliation/reconciliation-schemas";
import { ChargeList } from "../sandbox/test-schemas";
import { firstOf } from "../test/parse";
import { orderIdFromUrl, ownerApi, sandboxApi, signIn, tillApi, typeAmount } from "./support";

const TILES = ["expected", "received", "settled", "refunded", "fees", "net"] as const;

/** Today's statement as Sandbox Pay makes it now (partial: up to this second, so wait for the second to end). */
async function providerStatement(): Promise<string> {
  await new Promise((r) => setTimeout(r, 1_100));
  const res = await fetch(`http://127.0.0.1:${E2E.sandboxPort}/v1/statements?date=${new Date().toISOString().slice(0, 10)}`, { headers: { authorization: `Bearer ${E2E.sandboxKey}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** An order the customer paid twice at Sandbox Pay (the second payment forced onto the paid charge). */
async function paidTwice(amount: number) {
  const created = (await tillApi("POST", "/api/v1/orders", { amount })).as(OrderResponse);
  const charge = firstOf((await sandboxApi("GET", `/v1/charges?merchant_ref=${created.provider_ref}`)).as(ChargeList).data, "the order's charges");
  expect((await sandboxApi("POST", `/sandbox/charges/${charge.id}/pay`, {})).status).toBe(201);
  await expect.poll(async () => (await tillApi("GET", `/api/v1/orders/${created.id}`)).as(OrderResponse).status).toBe("paid");
  expect((await sandboxApi("POST", `/sandbox/charges/${charge.id}/pay`, { force: true })).status).toBe(201);
  await expect.poll(async () => (await tillApi("GET", `/api/v1/orders/${created.id}`)).as(OrderResponse).payments.length).toBe(2);
  return created;
}

/** Picks the file with the page's file picker. */
async function uploadStatement(page: Page, name: string, text: string) {
  await page.getByTestId("statement-file").setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(text) });
}

/** Drops the file on the page's drop zone, as dragging it from the desktop does. */
async function dropStatement(page: Page, name: string, text: string) {
  const transfer = await page.evaluateHandle(
    ({ name, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([text], name, { type: "text/csv" }));
      return data;
    },
    { name, text },
  );
  const zone = page.getByTestId("statement-drop");
  await zone.dispatchEvent("dragover", { dataTransfer: transfer });
  await zone.dispatchEvent("drop", { dataTransfer: transfer });
}

test("reconciliation: the owner imports the day's statement, sees the duplicate payment on the list and the chart, refunds it from there and watches it resolve", async ({ page }) => {
  const order = await paidTwice(2350);
  const statement = await providerStatement();
  expect(statement).toContain(order.provider_ref);

  await signIn(page, "owner");
  await page.goto("/discrepancies");
  await expect(page).toHaveURL(/\/reconciliation$/);
  const day = await page.getByTestId("reconciliation").getAttribute("data-day");
  expect(day).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  await expect(page.getByRole("link", { name: /Reconciliation|对账/ }).first()).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("day-close-link")).toHaveAttribute("href", `/reconciliation/close?day=${day}`);
  await expect(page.getByTestId("export-link")).toHaveAttribute("href", `/reconciliation/export.csv?day=${day}`);

  // A malformed file, dropped on the page: its line and column, and nothing imported.
  const lines = statement.trimEnd().split("\n");
  const broken = [...lines.slice(0, 2), lines[2]!.replace(/,CNY$/, ",XX"), ...lines.slice(3)].join("\n");
  await dropStatement(page, "broken.csv", broken);
  await expect(page.getByTestId("statement-outcome")).toHaveAttribute("data-tone", "bad");
  await expect(page.getByTestId("statement-outcome")).toContainText(/Line 3, column currency/);

  // The day's statement, uploaded through the page.
  await uploadStatement(page, "statement.csv", statement);
  await expect(page.getByTestId("statement-outcome")).toHaveAttribute("data-tone", "good");
  await expect(page.getByTestId("statement-outcome")).toContainText(/\d+ lines?, \d+ new movements?/);

  // The tiles are the summary API's figures for the day.
  await page.reload();
  const summary = (await ownerApi("GET", `/api/v1/reconciliation/summary?date=${day}`)).as(ReconciliationSummaryResponse);
  expect(summary.settled).toBeGreaterThanOrEqual(4700);
  for (const tile of TILES) await expect(page.getByTestId(`tile-${tile}`)).toHaveAttribute("data-amount", String(summary[tile]));

  // The duplicate on the list, explained, with its order; and its hour marked on the chart.
  const row = page.getByTestId("discrepancy").filter({ hasText: order.reference });
  await expect(row).toHaveAttribute("data-type", "duplicate_payment");
  await expect(row).toContainText("23.50");
  await expect(row.getByRole("link", { name: order.reference })).toHaveAttribute("href", `/orders/${order.id}`);
  const chart = page.getByTestId("day-chart");
  await expect(chart.locator("svg").first()).toBeVisible();
  await expect(chart).not.toHaveAttribute("data-mismatch-hours", "");
  expect(Number(await chart.getAttribute("data-payments"))).toBeGreaterThanOrEqual(2);

  // Refunded from the finding, through the refund dialog preset to the duplicate; the finding resolves itself.
  await page.goto(`/reconciliation?day=${day}&status=all&type=duplicate_payment`);
  const finding = page.getByTestId("discrepancy").filter({ hasText: order.reference });
  await finding.getByTestId("refund-open").click();
  const dialog = page.getByTestId("refund-dialog");
  await expect(dialog.getByTestId("refund-amount")).toHaveText(/23\.50/);
  await dialog.getByTestId("refund-confirm").click();
  await expect(dialog).toBeHidden();
  await expect(finding).toHaveAttribute("data-status", "resolved", { timeout: 20_000 });
  await expect(finding.getByTestId("discrepancy-resolution")).toHaveAttribute("data-resolution", "refunded");
  const after = (await ownerApi("GET", `/api/v1/discrepancies?order_id=${order.id}&type=duplicate_payment`)).as(DiscrepancyPageResponse).data;
  expect(after).toMatchObject([{ status: "resolved", resolution: "refunded" }]);
  const refunded = (await tillApi("GET", `/api/v1/orders/${order.id}`)).as(OrderResponse);
  expect(refunded).toMatchObject({ status: "paid", amount_received: 4700, amount_refunded: 2350 });
  expect(refunded.refunds).toMatchObject([{ payment_id: after[0]!.payment_id, amount: 2350, status: "succeeded" }]);
  await expect(page.getByTestId("tile-refunded")).toHaveAttribute("data-amount", String((await ownerApi("GET", `/api/v1/reconciliation/summary?date=${day}`)).as(ReconciliationSummaryResponse).refunded));
});

test("reconciliation: the page in Chinese, and a cashier is kept out", async ({ page, context }) => {
  const order = await paidTwice(1200);
  await signIn(page, "owner");
  await context.addCookies([{ name: "till_locale", value: "zh-CN", url: `http://127.0.0.1:${E2E.port}` }]);
  await page.goto("/reconciliation");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("对账");
  await expect(page.getByTestId("tile-expected")).toContainText("应收");
  await expect(page.getByTestId("tile-net")).toContainText("净收入");
  await expect(page.getByRole("link", { name: "对账" }).first()).toBeVisible();
  const row = page.getByTestId("discrepancy").filter({ hasText: order.reference });
  await expect(row).toContainText("重复付款");
  await expect(row.getByTestId("refund-open")).toHaveText(/退款/);
  await expect(page.getByTestId("statement-drop")).toContainText("拖到这里");

  await signIn(page, "cashier");
  await page.goto("/reconciliation");
  await expect(page).toHaveURL(/\/sale/);
});

/** ECharts' own mark on every chart it draws: present in its code, and only there. */
const ECHARTS_MARK = "_echarts_instance_";

/** Whether any script the page loaded (its chunks, dynamic ones included) holds ECharts. */
function scriptsLoaded(page: Page): () => Promise<boolean> {
  const bodies: Promise<string>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() === "script") bodies.push(response.text().catch(() => ""));
  });
  return async () => (await Promise.all(bodies)).some((text) => text.includes(ECHARTS_MARK));
}

test("reconciliation: the chart's code is loaded by the Reconciliation page only, never by the cashier's sale, charge and order pages", async ({ page }) => {
  await signIn(page, "cashier");
  const cashierLoadedCharts = scriptsLoaded(page);
  await page.goto("/sale");
  await typeAmount(page, "880");
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const orderId = orderIdFromUrl(page);
  await page.goto(`/orders/${orderId}`);
  await page.goto("/orders");
  await page.waitForLoadState("networkidle");
  expect(await cashierLoadedCharts()).toBe(false);

  const owner = await page.context().browser()!.newPage();
  await signIn(owner, "owner");
  const ownerLoadedCharts = scriptsLoaded(owner);
  await owner.goto("/reconciliation");
  await expect(owner.getByTestId("day-chart").locator("svg").first()).toBeVisible();
  expect(await ownerLoadedCharts()).toBe(true);
  await owner.close();
});

test("reconciliation: the page's statement upload takes the owner's session only, and only from Till's own pages", async ({ page }) => {
  const file = "# period: 2026-11-01T00:00:00Z/2026-11-02T00:00:00Z\ntime,type,charge_id,merchant_ref,payment_id,refund_id,amount,fee,net,currency\n";
  const post = (headers: Record<string, string> = {}) => page.request.post("/reconciliation/statements", { data: file, headers: { "content-type": "text/csv", ...headers } });
  expect((await post()).status()).toBe(401);
  await signIn(page, "cashier");
  expect((await post()).status()).toBe(403);
  await signIn(page, "owner");
  expect((await post({ origin: "http://evil.example" })).status()).toBe(403);
  const ok = await post({ origin: `http://127.0.0.1:${E2E.port}` });
  expect(ok.status()).toBe(200);
  expect(ImportStatementResponse.parse(await ok.json())).toMatchObject({ day: "2026-11-01", lines: 0 });
});
