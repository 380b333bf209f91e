import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { LOCALE_COOKIE } from "../lib/i18n/locales";
import { formatMoney } from "../lib/money";
import { orderIdFromUrl, sandboxApi, signIn, TILL, tillApi, typeAmount } from "./support";

/**
 * The Orders screen and an order's own page. The browser runs in New York
 * while the store keeps Shanghai time: times must read the same in the page
 * the server sent and after React took it over (a hydration mismatch is a
 * console error here), and "today" is the store's day.
 */
const BROWSER_ZONE = "America/New_York";
test.use({ timezoneId: BROWSER_ZONE });

type ApiOrder = { id: string; reference: string; status: string; amount: number; amount_received: number; created_at: string; qr_content: string; provider_ref: string };

/** The store's business day (Shanghai) of an instant, YYYY-MM-DD. */
const storeDay = (iso: string) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(iso));

/** Money as the screens show it in English ("CN¥24.00") or Chinese ("¥24.00"). */
const money = (minor: number, locale = "en") => formatMoney(minor, "CNY", locale);

/** An amount no other test uses, in fen, and as a cashier would type it (23.5 for 2350). */
function uniqueAmount(): { minor: number; typed: string; shown: string } {
  const minor = 10_000 + Math.floor(Math.random() * 80_000);
  const typed = `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, "0")}`.replace(/0$/, "");
  return { minor, typed, shown: money(minor) };
}

const chargeIdOf = (order: ApiOrder) => {
  const id = /\/pay\/(ch_[^/?#]+)/.exec(order.qr_content)?.[1];
  if (!id) throw new Error(`no Sandbox Pay charge in ${order.qr_content}`);
  return id;
};

async function apiOrder(amount: number): Promise<ApiOrder> {
  const created = await tillApi("POST", "/api/v1/orders", { amount });
  expect(created.status).toBe(201);
  return created.json as ApiOrder;
}

async function orderNow(id: string): Promise<ApiOrder> {
  return (await tillApi("GET", `/api/v1/orders/${id}`)).json as ApiOrder;
}

/** Cancelled at the counter, then paid from the customer's phone anyway: a late payment. */
async function cancelledThenPaid(amount: number): Promise<ApiOrder> {
  const order = await apiOrder(amount);
  expect((await tillApi("POST", `/api/v1/orders/${order.id}/cancel`)).status).toBe(200);
  expect((await sandboxApi("POST", `/sandbox/charges/${chargeIdOf(order)}/pay`, { force: true })).status).toBe(201);
  await expect.poll(async () => (await orderNow(order.id)).amount_received, { timeout: 10_000 }).toBe(amount);
  return orderNow(order.id);
}

/** Collects console errors and uncaught exceptions (React reports a hydration mismatch as one of them). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    // The browser asks for /favicon.ico on its own; Till has none (not a fault of these screens).
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return errors;
}

async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const sizes = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(sizes.scrollWidth, JSON.stringify(sizes)).toBeLessThanOrEqual(sizes.innerWidth);
}

const rowOf = (page: Page, orderId: string) => page.locator(`[data-testid="order-row"][data-order-id="${orderId}"]`);

test("orders: a counter sale paid and a cancelled order paid late show with cashier, received and honest status; filters, search and the order page", async ({ page }) => {
  const errors = watchErrors(page);
  const amount = uniqueAmount();

  // A sale at the counter by Li Lei, paid from the customer's phone.
  await signIn(page, "cashier");
  await typeAmount(page, String(amount.minor));
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const paidId = orderIdFromUrl(page);
  const sold = await orderNow(paidId);
  expect((await sandboxApi("POST", `/sandbox/charges/${chargeIdOf(sold)}/pay`, {})).status).toBe(201);
  await expect.poll(async () => (await orderNow(paidId)).status, { timeout: 10_000 }).toBe("paid");

  // A register's order (the API key) of ¥24.00, cancelled, then paid late; and one still waiting.
  const late = await cancelledThenPaid(2400);
  const waiting = await apiOrder(amount.minor);

  await page.goto(`/orders?day=${storeDay(sold.created_at)}`);
  const paidRow = rowOf(page, paidId);
  await expect(paidRow.getByTestId("order-cashier")).toHaveText("Li Lei 李雷");
  await expect(paidRow.getByTestId("order-received")).toHaveText(amount.shown);
  await expect(paidRow.getByTestId("order-status").locator("visible=true")).toHaveAttribute("data-status", "paid");
  const lateRow = rowOf(page, late.id);
  await expect(lateRow.getByTestId("order-status").locator("visible=true")).toHaveText(`Cancelled · ${money(2400)} received`);
  await expect(lateRow.getByTestId("order-received")).toHaveText(money(2400));
  await expect(lateRow.getByTestId("order-cashier")).toHaveText("Demo terminal key");
  await expect(page.getByTestId("orders-summary")).toContainText(/\d+ orders? · CN¥[\d,]+\.\d\d received/);

  // Filter by status: the cancelled one stays, the paid one goes; the address keeps the filter across a reload.
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "Cancelled" }).click();
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(rowOf(page, late.id)).toBeVisible();
  await expect(rowOf(page, paidId)).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Status" })).toHaveText(/Cancelled/);
  await expect(rowOf(page, late.id)).toBeVisible();
  await page.getByRole("combobox", { name: "Status" }).click();
  await page.getByRole("option", { name: "All statuses" }).click();
  await expect(page).not.toHaveURL(/status=/);

  // Search by reference, typed as a cashier would (lower case, no zeros): that one order.
  await page.getByTestId("order-search").fill(sold.reference.toLowerCase().replace(/-0+/, "-"));
  await page.getByTestId("order-search").press("Enter");
  await expect(page).toHaveURL(/q=/);
  await expect(page.getByTestId("order-row")).toHaveCount(1);
  await expect(rowOf(page, paidId)).toBeVisible();
  await expect(page.getByTestId("orders-search-note")).toHaveText(`Order ${sold.reference}, on any day`);

  // Search by amount, typed in yuan: the paid sale and the waiting order, nothing else.
  await page.getByTestId("order-search").fill(amount.typed);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("order-row")).toHaveCount(2);
  await expect(rowOf(page, waiting.id)).toBeVisible();
  await expect(rowOf(page, paidId)).toBeVisible();
  await expect(page.getByTestId("orders-summary")).toHaveText(`2 orders · ${amount.shown} received`);

  // The order's own page: amounts, cashier, the payment and how Till learned of it.
  await rowOf(page, paidId).getByTestId("order-link").click();
  await expect(page).toHaveURL(new RegExp(`/orders/${paidId}$`));
  await expect(page.getByTestId("order-table")).toHaveCount(0);
  await expect(page.getByTestId("order-reference")).toHaveText(sold.reference);
  await expect(page.getByTestId("order-received")).toHaveText(amount.shown);
  await expect(page.getByTestId("order-cashier")).toHaveText("Li Lei 李雷");
  await expect(page.getByTestId("payment")).toHaveCount(1);
  await expect(page.getByTestId("payment")).toContainText("Payment notification");
  await expect(page.getByTestId("payment")).toContainText("Sandbox Pay");
  await expect(page.getByTestId("show-qr")).toHaveCount(0);

  // The late one: its discrepancy in plain words, no QR to show.
  await page.goto(`/orders/${late.id}`);
  await expect(page.getByTestId("order-status")).toHaveText(`Cancelled · ${money(2400)} received`);
  await expect(page.getByTestId("discrepancy")).toHaveAttribute("data-type", "late_payment");
  await expect(page.getByTestId("discrepancy")).toContainText("Paid after it ended");
  await expect(page.getByTestId("show-qr")).toHaveCount(0);

  // A waiting order offers its QR, which is the payment screen; the back link returns to the list.
  await page.goto(`/orders/${waiting.id}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "open");
  await page.getByTestId("back-to-orders").click();
  await expect(page).toHaveURL(/\/orders\?day=\d{4}-\d{2}-\d{2}$/);
  await page.goto(`/orders/${waiting.id}`);
  await page.getByTestId("show-qr").click();
  await expect(page).toHaveURL(new RegExp(`/charge/${waiting.id}$`));

  expect(errors).toEqual([]);
});

test("orders: more than 50 orders page with the keyset cursor; the summary counts them all", async ({ page }) => {
  const amount = uniqueAmount();
  const ids: string[] = [];
  for (let batch = 0; batch < 11; batch += 1) {
    const made = await Promise.all(Array.from({ length: 5 }, () => apiOrder(amount.minor)));
    ids.push(...made.map((o) => o.id));
  }
  const errors = watchErrors(page);
  await signIn(page, "cashier");
  await page.goto(`/orders?q=${amount.typed}`);
  await expect(page.getByTestId("orders-summary")).toHaveText(`55 orders · ${money(0)} received`);
  await expect(page.getByTestId("order-row")).toHaveCount(50);
  const firstPage = await page.getByTestId("order-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-order-id")));
  await page.getByTestId("more-orders").click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(page.getByTestId("order-row")).toHaveCount(5);
  await expect(page.getByTestId("more-orders")).toHaveCount(0);
  const secondPage = await page.getByTestId("order-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-order-id")));
  expect(new Set([...firstPage, ...secondPage])).toEqual(new Set(ids));
  // A cursor that Till never gave out starts again from the first page instead of failing.
  await page.goto(`/orders?q=${amount.typed}&cursor=not-a-cursor&status=bogus&day=2026-02-31`);
  await expect(page.getByTestId("order-row")).toHaveCount(50);
  expect(errors).toEqual([]);
});

const VIEWPORTS = [
  { name: "phone 390×844", viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  { name: "tablet 1024×768", viewport: { width: 1024, height: 768 }, isMobile: false, hasTouch: true },
] as const;
const LANGUAGES = [
  { locale: "en", summary: /^\d+ orders? · CN¥[\d,]+\.\d\d received/, late: `Cancelled · ${money(2400, "en")} received`, payments: "Payments" },
  { locale: "zh-CN", summary: /^共 \d+ 笔 · 实收 ¥[\d,]+\.\d\d/, late: `已取消 · 已收 ${money(2400, "zh-CN")}`, payments: "收款记录" },
] as const;

async function terminal(browser: Browser, device: (typeof VIEWPORTS)[number], locale: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: device.viewport, isMobile: device.isMobile, hasTouch: device.hasTouch, timezoneId: BROWSER_ZONE, locale: locale === "en" ? "en-US" : "zh-CN" });
  await context.addCookies([{ name: LOCALE_COOKIE, value: locale, url: TILL }]);
  return context;
}

for (const device of VIEWPORTS) {
  for (const language of LANGUAGES) {
    test(`orders on a ${device.name} in ${language.locale}: no sideways scrolling, no console errors, the store's words and times`, async ({ browser }) => {
      const late = await cancelledThenPaid(2400);
      const context = await terminal(browser, device, language.locale);
      const page = await context.newPage();
      const errors = watchErrors(page);
      await signIn(page, "cashier");

      await page.goto("/orders");
      await expect(page.getByTestId("orders-summary")).toHaveText(language.summary);
      const lateRow = rowOf(page, late.id);
      await expect(lateRow.getByTestId("order-status").locator("visible=true")).toHaveText(language.late);
      // The time shown is Shanghai's (the store's), not New York's (the browser's).
      const shanghaiTime = new Intl.DateTimeFormat("en-GB", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(new Date(late.created_at));
      await expect(lateRow.locator("time").locator("visible=true")).toHaveText(shanghaiTime);
      await expectNoSidewaysScroll(page);
      // Touch targets of at least 48 px: the rows' links, the filters and the search.
      const targets = [lateRow.getByTestId("order-link"), page.getByRole("combobox", { name: language.locale === "en" ? "Status" : "状态" }), page.getByTestId("order-search"), page.getByTestId("previous-day")];
      for (const target of targets) expect((await target.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(48);

      await lateRow.getByTestId("order-link").click();
      await expect(page).toHaveURL(new RegExp(`/orders/${late.id}$`));
      await expect(page.getByTestId("order-table")).toHaveCount(0);
      await expect(page.getByTestId("order-status")).toHaveText(language.late);
      await expect(page.getByTestId("order-payments")).toContainText(language.payments);
      await expect(page.getByTestId("discrepancy")).toBeVisible();
      await expectNoSidewaysScroll(page);

      // A reload renders on the server again: the same text after hydration, still without errors.
      await page.reload();
      await expect(page.getByTestId("order-status")).toHaveText(language.late);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}
