import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { LOCALE_COOKIE } from "../lib/i18n/locales";
import { OrderResponse } from "../lib/orders/order-response";
import { DAY_CSV_HEADER } from "../lib/reconciliation/day-csv-header";
import { businessDayOf, nextDay } from "../lib/stores/business-day";
import { sandboxApi, signIn, TILL, tillApi } from "./support";

/**
 * The day close as the owner meets it: today's CSV downloaded from the
 * Z-report page, then today closed with an open discrepancy acknowledged (the
 * form in Chinese, the close in English), read-only and printable in both
 * languages, and a payment that arrives after the close shown as booked on
 * the next day.
 */

const today = () => businessDayOf(new Date(), "Asia/Shanghai");

async function useLanguage(page: Page, language: "en" | "zh-CN") {
  await page.context().addCookies([{ name: LOCALE_COOKIE, value: language, url: TILL }]);
}

/** An order made over the API and paid from Sandbox Pay with `paid` (its amount by default); waits until Till has the payment. */
async function paidOrder(amount: number, paid = amount) {
  const created = await tillApi("POST", "/api/v1/orders", { amount });
  expect(created.status).toBe(201);
  const order = created.as(OrderResponse);
  const chargeId = /\/pay\/(ch_[^/?#]+)/.exec(order.qr_content ?? "")?.[1];
  expect((await sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { amount: paid })).status).toBe(201);
  await expect.poll(async () => (await tillApi("GET", `/api/v1/orders/${order.id}`)).as(OrderResponse).amount_received, { timeout: 10_000 }).toBe(paid);
  return order;
}

test("day export: the owner downloads today's CSV from the Z-report page, UTF-8 with a BOM, decimals and the store's clock", async ({ page }) => {
  const order = await paidOrder(2350);
  await useLanguage(page, "en");
  await signIn(page, "owner");
  await page.goto(`/reconciliation/close?day=${today()}`);
  await expect(page.getByTestId("day-close")).toHaveAttribute("data-state", "open");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-csv").click()]);
  expect(download.suggestedFilename()).toBe(`till-day-${today()}.csv`);
  const bytes = readFileSync(await download.path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = bytes.toString("utf8").slice(1).split("\r\n");
  expect(lines[0]).toBe(DAY_CSV_HEADER.join(","));
  const orderLine = lines.find((l) => l.startsWith(`order,${order.id},`));
  expect(orderLine).toMatch(new RegExp(`^order,${order.id},${today()}T\\d\\d:\\d\\d:\\d\\d\\+08:00,${order.reference},paid,,23\\.50,CNY,`));
  expect(lines.some((l) => l.startsWith("payment,") && l.includes(`,${order.reference},`) && l.includes(",23.50,CNY,"))).toBe(true);

  // The download is the owner's: without a session it is refused.
  const anonymous = await fetch(`${TILL}/reconciliation/export.csv?day=${today()}`);
  expect(anonymous.status).toBe(401);
});

test("day close: an open overpayment must be acknowledged; the closed day is read-only and printable in both languages, and a later payment is booked on the next day", async ({ page }) => {
  await paidOrder(1000, 1500); // an overpayment: an open discrepancy today
  await signIn(page, "owner");

  // The form in Chinese: each open kind must be ticked before the day can be closed.
  await useLanguage(page, "zh-CN");
  await page.goto(`/reconciliation/close?day=${today()}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("日结报表");
  const boxes = page.locator('[data-testid^="acknowledge-"]');
  await expect(page.getByTestId("acknowledge-overpaid")).toBeVisible();
  await expect(page.locator('[data-type="overpaid"]')).toContainText("我已知晓");
  const close = page.getByTestId("close-day");
  await expect(close).toHaveText("日结");
  await expect(close).toBeDisabled();

  // Closed in English, once every open kind is ticked.
  await useLanguage(page, "en");
  await page.reload();
  await expect(page.getByTestId("close-day")).toBeDisabled();
  for (const box of await boxes.all()) await box.check();
  await expect(page.getByTestId("close-day")).toBeEnabled();
  await page.getByTestId("close-day").click();
  await expect(page.getByTestId("day-close")).toHaveAttribute("data-state", "closed");
  await expect(page.getByTestId("day-state")).toContainText(/Closed by Wang Fang/);
  await expect(page.locator('[data-testid="open-discrepancies"] [data-type="overpaid"]')).toContainText("acknowledged");
  await expect(boxes).toHaveCount(0);
  await expect(page.getByTestId("close-day")).toHaveCount(0);
  const received = await page.getByTestId("received").textContent();

  // Printable: the report alone, without the navigation and buttons.
  await expect(page.getByTestId("print")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByTestId("print")).toBeHidden();
  await expect(page.getByTestId("export-csv")).toBeHidden();
  await expect(page.getByTestId("received")).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // A payment after the close: today's figures stay, and the report says where it went.
  await paidOrder(800);
  await page.reload();
  await expect(page.getByTestId("received")).toHaveText(received ?? "");
  const booked = page.getByTestId("booked-after-close");
  await expect(booked).toContainText("arrived after the close");
  await expect(booked.getByRole("link")).toHaveText(nextDay(today()));
  await booked.getByRole("link").click();
  await expect(page).toHaveURL(new RegExp(`/reconciliation/close\\?day=${nextDay(today())}$`));
  await expect(page.getByTestId("day-close")).toHaveAttribute("data-state", "upcoming");

  // The closed day in Chinese: read-only, printable.
  await useLanguage(page, "zh-CN");
  await page.goto(`/reconciliation/close?day=${today()}`);
  await expect(page.getByTestId("day-state")).toContainText("日结");
  await expect(page.getByText("这一天已日结，只能查看。")).toBeVisible();
  await expect(page.getByTestId("print")).toHaveText(/打印日结报表/);
  await expect(page.getByTestId("booked-after-close")).toContainText("日结后才到");
});
