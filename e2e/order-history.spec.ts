import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { ProblemSchema } from "../lib/api/problem-schema";
import { LOCALE_COOKIE } from "../lib/i18n/locales";
import { OrderResponse } from "../lib/orders/order-response";
import { ORDERS_CSV_HEADER } from "../lib/orders/orders-csv-header";
import { signIn, TILL, tillApi } from "./support";

/*
 * The owner's orders history: the Orders screen filtered by the terminal an
 * order was made at, and the filtered orders downloaded as CSV (a BOM for
 * Excel, decimal amounts, the store's clock, a note that cannot run as a
 * formula). A cashier sees the list but no download, and asking for the file
 * anyway is refused 403 and audited.
 */

/** Adds a terminal on the keys screen and creates a cashier key for it; returns its code and key. */
async function newTerminalWithKey(page: Page): Promise<{ code: string; name: string; key: string }> {
  const code = `H${Date.now().toString(36).slice(-5).toUpperCase()}`;
  const name = `Kiosk ${code}`;
  await page.goto("/admin/keys");
  await page.getByRole("textbox", { name: "Code" }).fill(code);
  await page.getByRole("textbox", { name: "Name", exact: true }).fill(name);
  await page.getByRole("button", { name: "Add terminal" }).click();
  await expect(page.getByTestId("terminals")).toContainText(name);
  await page.getByTestId("new-key").click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("textbox").fill(`${name} key`);
  await dialog.getByRole("combobox", { name: "Terminal" }).click();
  await page.getByRole("option", { name: `${code} · ${name}` }).click();
  await dialog.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-key-value").textContent())!.trim();
  await page.getByRole("button", { name: "I have saved it" }).click();
  return { code, name, key };
}

async function newOrder(body: { amount: number; note?: string }, key?: string): Promise<OrderResponse> {
  const created = await tillApi("POST", "/api/v1/orders", body, key);
  expect(created.status).toBe(201);
  return created.as(OrderResponse);
}

/** A CSV as rows of cells (the cells here hold no line break; a quoted cell may hold commas). */
function rowsOf(csv: string): string[][] {
  return csv
    .slice(1)
    .trimEnd()
    .split("\r\n")
    .map((line) => line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/));
}

test("the owner filters the orders by terminal and downloads them as CSV; a cashier cannot", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, "owner");
  const kiosk = await newTerminalWithKey(page);
  const first = await newOrder({ amount: 1234, note: "=HYPERLINK(\"http://evil.example\",\"pay\")" }, kiosk.key);
  const second = await newOrder({ amount: 5 }, kiosk.key);
  const counter = await newOrder({ amount: 777 });
  expect(first.reference).toMatch(new RegExp(`^${kiosk.code}-`));
  expect(counter.reference).toMatch(/^T1-/);

  // The Orders screen, today: the counter's order and the kiosk's; filtered by the kiosk, its two alone.
  await page.goto("/orders");
  await expect(page.getByTestId("order-row").filter({ hasText: counter.reference })).toBeVisible();
  await page.getByRole("combobox", { name: "Terminal" }).click();
  await page.getByRole("option", { name: `${kiosk.code} · ${kiosk.name}` }).click();
  await expect(page).toHaveURL(/terminal=trm_/);
  await expect(page.getByTestId("order-row")).toHaveCount(2);
  await expect(page.getByTestId("order-row").nth(0)).toContainText(second.reference);
  await expect(page.getByTestId("order-row").nth(1)).toContainText(first.reference);
  await expect(page.getByTestId("orders-summary")).toContainText(/^2 orders/);
  await page.reload();
  await expect(page.getByRole("combobox", { name: "Terminal" })).toHaveText(new RegExp(kiosk.code));

  // The download: those two orders, newest first, as the screen lists them.
  const downloading = page.waitForEvent("download");
  await page.getByTestId("orders-export").click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^till-orders-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await readFile(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = rowsOf(bytes.toString("utf8"));
  expect(rows[0]).toEqual(ORDERS_CSV_HEADER);
  const column = (row: string[], name: (typeof ORDERS_CSV_HEADER)[number]) => row[ORDERS_CSV_HEADER.indexOf(name)];
  expect(rows.slice(1).map((row) => column(row, "reference"))).toEqual([second.reference, first.reference]);
  expect(column(rows[1]!, "amount")).toBe("0.05");
  expect(column(rows[2]!, "amount")).toBe("12.34");
  expect(column(rows[2]!, "status")).toBe("open");
  expect(column(rows[2]!, "terminal")).toBe(`${kiosk.code} · ${kiosk.name}`);
  expect(column(rows[2]!, "created_at")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
  expect(Date.parse(column(rows[2]!, "created_at")!)).toBe(Math.floor(Date.parse(first.created_at) / 1000) * 1000);
  expect(column(rows[2]!, "note")).toBe(`"'=HYPERLINK(""http://evil.example"",""pay"")"`);

  // A cashier sees the list, filters included, but no download; asking for the file anyway is refused and audited.
  const cashierContext = await browser.newContext();
  const cashier = await cashierContext.newPage();
  await signIn(cashier, "cashier");
  await cashier.goto("/orders");
  await expect(cashier.getByTestId("order-row").filter({ hasText: counter.reference })).toBeVisible();
  await expect(cashier.getByRole("combobox", { name: "Terminal" })).toBeVisible();
  await expect(cashier.getByTestId("orders-export")).toHaveCount(0);
  const refused = await cashier.request.get("/orders/export.csv");
  expect(refused.status()).toBe(403);
  expect(refused.headers()["content-type"]).toContain("application/problem+json");
  expect(ProblemSchema.parse(await refused.json()).code).toBe("forbidden");
  await cashierContext.close();

  await page.goto("/admin/audit?action=access.denied");
  await expect(page.getByTestId("audit-row").first()).toContainText("Li Lei");
  await expect(page.getByTestId("audit-row").first()).toContainText("orders export");
});

test("the orders history's terminal filter and download read in Chinese and fit a phone", async ({ page }) => {
  await signIn(page, "owner");
  await page.context().addCookies([{ name: LOCALE_COOKIE, value: "zh-CN", url: TILL }]);
  for (const viewport of [{ width: 1024, height: 768 }, { width: 390, height: 844 }]) {
    await page.setViewportSize(viewport);
    await page.goto("/orders");
    await expect(page.getByRole("combobox", { name: "收银终端" })).toHaveText(/全部终端/);
    await expect(page.getByTestId("orders-export")).toHaveText("导出 CSV");
    const box = await page.getByTestId("orders-export").boundingBox();
    expect(box?.height).toBeGreaterThanOrEqual(47.5);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
    expect(widths.scroll, `the orders screen at ${viewport.width} px`).toBeLessThanOrEqual(widths.inner);
  }
});
