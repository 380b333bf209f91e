import { expect, test, type Page } from "@playwright/test";
import { z } from "zod";
import { E2E } from "../playwright.config";
import { OrderResponse } from "../lib/orders/order-response";
import { orderIdFromUrl, sandboxApi, tillApi } from "./support";

/**
 * The counter's screens as cashiers meet them: on a 1024×768 tablet and a
 * 390×844 phone, in English and Chinese, with the browser in another time
 * zone than the store (Asia/Shanghai), driven by keyboard where a counter has
 * one. Every screen is checked for horizontal overflow and for console errors
 * (a hydration mismatch is one).
 */

const VIEWPORTS = { tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } } as const;
const LANGUAGES = { en: { signIn: "Sign in", charge: /^Charge/, cancelled: "Cancelled", expired: /Expired/, paid: "PAID" }, "zh-CN": { signIn: "登录", charge: /^收款/, cancelled: "已取消", expired: /已过期/, paid: "已付款" } } as const;

const ChargeList = z.object({ data: z.array(z.object({ id: z.string() })) });

async function order(id: string) {
  return OrderResponse.parse((await tillApi("GET", `/api/v1/orders/${id}`)).json);
}

async function chargeIdOf(id: string): Promise<string> {
  const providerRef = (await order(id)).provider_ref;
  const charge = ChargeList.parse((await sandboxApi("GET", `/v1/charges?merchant_ref=${providerRef}`)).json).data[0];
  if (!charge) throw new Error(`no charge at Sandbox Pay for ${id}`);
  return charge.id;
}

async function expectNoHorizontalOverflow(page: Page, screen: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${screen} is wider than the screen`).toBeLessThanOrEqual(widths.inner);
}

/** Every button and link a cashier can tap is at least 48 px high and wide. */
async function expectTouchTargets(page: Page, screen: string) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, a, [role='tab'], [role='radio']")]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, box: el.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.height < 47.5 || box.width < 47.5))
      .map(({ el, box }) => `${el.tagName} "${el.textContent?.trim() ?? ""}" ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small, `touch targets under 48 px on ${screen}`).toEqual([]);
}

/** The cashier signs in with the keyboard: the tile, then the PIN typed, then Enter. */
async function signInByKeyboard(page: Page) {
  await page.goto("/login?switch=1");
  await page.getByRole("radio", { name: /Li Lei/ }).click();
  await page.keyboard.type(E2E.cashierPin);
  await expect(page.getByTestId("pin-dots")).toHaveAttribute("data-length", String(E2E.cashierPin.length));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sale$/);
}

// Orders that will have expired by the time each combination's expiry test runs: made first, with the shortest QR life.
const expiring = new Map<string, string>();
test.beforeAll(async () => {
  for (const viewport of Object.keys(VIEWPORTS)) {
    for (const language of Object.keys(LANGUAGES)) {
      const created = OrderResponse.parse((await tillApi("POST", "/api/v1/orders", { amount: 1234, expires_in: 30 })).json);
      expiring.set(`${viewport}/${language}`, created.id);
    }
  }
});

for (const [viewportName, viewport] of Object.entries(VIEWPORTS)) {
  for (const [language, words] of Object.entries(LANGUAGES)) {
    test.describe(`${viewportName}, ${language}`, () => {
      test.use({ viewport, timezoneId: "America/New_York", locale: language });

      let problems: string[];
      test.beforeEach(async ({ page, context }) => {
        await context.addCookies([{ name: "till_locale", value: language, url: `http://127.0.0.1:${E2E.port}` }]);
        problems = [];
        page.on("console", (message) => {
          if (message.type() === "error") problems.push(message.text());
        });
        page.on("pageerror", (error) => problems.push(error.message));
      });
      test.afterEach(() => {
        expect(problems, "console errors").toEqual([]);
      });

      test("sale at the largest amount, confirmed, then the QR, a cancel in the app's dialog and a new QR for the same sale", async ({ page }) => {
        await signInByKeyboard(page);
        await expect(page).toHaveTitle(/Till/);
        // The header is one row on both screens.
        expect((await page.locator("header").boundingBox())?.height).toBeLessThanOrEqual(64);
        if (viewportName === "phone") {
          // Staff actions fold into a menu sheet on a phone.
          await page.getByTestId("menu").click();
          await expect(page.getByRole("dialog")).toContainText(language === "en" ? "Sign out" : "退出登录");
          await page.keyboard.press("Escape");
          await expect(page.getByRole("dialog")).toHaveCount(0);
        }
        await expectNoHorizontalOverflow(page, "the empty sale screen");
        await expectTouchTargets(page, "the sale screen");

        // Typed on the keyboard, as from a USB numeric pad: the most one order can take.
        await page.keyboard.type("1000000000");
        await expect(page.getByTestId("amount-display")).toHaveText(/10,000,000\.00/);
        await expectNoHorizontalOverflow(page, "the sale screen at the largest amount");
        const charge = page.getByTestId(viewportName === "phone" ? "charge-bar" : "charge");
        await expect(charge).toBeInViewport();
        await expect(charge).toBeEnabled();
        await charge.click();

        // Above the store's limit the cashier confirms, in the app, not in a browser pop-up.
        const confirm = page.getByTestId("confirm-charge");
        await expect(confirm).toBeVisible();
        await expectNoHorizontalOverflow(page, "the confirmation");
        await page.getByTestId("confirm-charge-yes").click();
        await expect(page).toHaveURL(/\/charge\/ord_/);
        const first = orderIdFromUrl(page);
        await expect(page.getByTestId("order-qr")).toBeVisible();
        await expect(page.getByTestId("countdown")).toHaveText(/\d\d:\d\d/);
        await expect(page.getByTestId("check")).toBeVisible();
        await expectNoHorizontalOverflow(page, "the QR screen");
        await expectTouchTargets(page, "the QR screen");

        await page.getByTestId("cancel").click();
        await expect(page.getByTestId("cancel-dialog")).toBeVisible();
        await page.getByTestId("cancel-confirm").click();
        await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "cancelled");
        // The QR area says what the banner says: cancelled, not expired.
        await expect(page.getByTestId("qr-ended")).toContainText(words.cancelled);
        await expect(page.getByTestId("order-qr")).toHaveCount(0);
        await expectNoHorizontalOverflow(page, "the cancelled screen");

        await page.getByTestId("charge-again").click();
        await expect(page).not.toHaveURL(new RegExp(first));
        await expect(page.getByTestId("order-qr")).toBeVisible();
        const second = await order(orderIdFromUrl(page));
        expect(second.amount).toBe(1_000_000_000);
        expect(second.status).toBe("open");
      });

      test("a sale of a product and a typed amount, paid: the PAID screen and the lines in the viewer's language", async ({ page }) => {
        // What the terminal says aloud is recorded on its way to the browser's speech engine.
        await page.addInitScript(() => {
          const spoken: string[] = [];
          Object.assign(window, { spoken });
          const original = speechSynthesis.speak.bind(speechSynthesis);
          speechSynthesis.speak = (utterance: SpeechSynthesisUtterance) => {
            spoken.push(`${utterance.lang}|${utterance.text}`);
            original(utterance);
          };
        });
        await signInByKeyboard(page);
        await page.getByTestId("product").first().click();
        await expect(page.getByTestId("product-count").first()).toHaveText("1");
        await page.keyboard.type("550");
        await expect(page.getByTestId("sale-lines")).toBeVisible();
        await expect(page.getByTestId("typed-amount-line")).toContainText(language === "en" ? "Amount" : "金额");
        if (viewportName === "phone") await expect(page.getByTestId("sale-bar")).toBeInViewport();
        await expectNoHorizontalOverflow(page, "the sale screen with lines");
        // Enter charges, as on a numeric pad.
        await page.keyboard.press("Enter");
        await expect(page).toHaveURL(/\/charge\/ord_/);
        const id = orderIdFromUrl(page);
        await expect(page.getByTestId("order-lines")).toContainText(language === "en" ? "Amount" : "金额");

        await sandboxApi("POST", `/sandbox/charges/${await chargeIdOf(id)}/pay`, {});
        await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
        await expect(page.getByTestId("order-status")).toContainText(words.paid);
        const paid = await order(id);
        await expect(page.getByTestId("paid-panel")).toBeVisible();
        const amount = (paid.amount_received / 100).toFixed(2);
        await expect.poll(() => page.evaluate(() => (window as unknown as { spoken: string[] }).spoken)).toEqual([language === "en" ? `en|Received ${amount} yuan` : `zh-CN|收款成功，${amount}元`]);
        await expect(page.getByTestId("provider-payment-id")).toHaveText(paid.payments[0]!.provider_payment_id);
        await expect(page.getByTestId("paid-at")).not.toBeEmpty();
        await expect(page.getByTestId("order-qr")).toHaveCount(0);
        await expect(page.getByTestId("check")).toHaveCount(0);
        await expect(page.getByTestId("new-sale")).toBeInViewport();
        await expectNoHorizontalOverflow(page, "the PAID screen");
        await expectTouchTargets(page, "the PAID screen");

        // Reloaded in a browser set to New York, the paid time is the store's (no hydration error is logged).
        await page.reload();
        await expect(page.getByTestId("paid-panel")).toBeVisible();
      });

      test("an order that expired unpaid gets a new QR for the same sale in one tap", async ({ page }) => {
        await signInByKeyboard(page);
        const id = expiring.get(`${viewportName}/${language}`)!;
        await expect.poll(async () => (await order(id)).status, { timeout: 45_000 }).toBe("expired");
        await page.goto(`/charge/${id}`);
        await expect(page.getByTestId("qr-ended")).toContainText(words.expired);
        await expectNoHorizontalOverflow(page, "the expired screen");
        await page.getByTestId("charge-again").click();
        await expect(page.getByTestId("order-qr")).toBeVisible();
        const again = await order(orderIdFromUrl(page));
        expect(again.id).not.toBe(id);
        expect(again.amount).toBe(1234);
      });

      test("the orders list and the customer display fit the screen", async ({ page }) => {
        await signInByKeyboard(page);
        await page.goto("/orders");
        await expect(page.locator("main")).toBeVisible();
        await expectNoHorizontalOverflow(page, "the orders list");
        const created = OrderResponse.parse((await tillApi("POST", "/api/v1/orders", { items: [{ name: "Tea", unit_amount: 900, quantity: 2 }] })).json);
        await page.goto(`/display/${created.id}`);
        await expect(page.getByTestId("display-lines")).toContainText("Tea × 2");
        await expect(page.getByTestId("display-countdown")).toHaveText(/\d\d:\d\d/);
        await expectNoHorizontalOverflow(page, "the customer display");
      });

      test("a cashier who opens an owner's page is told why they are back at the sale", async ({ page }) => {
        await signInByKeyboard(page);
        await page.goto("/discrepancies");
        await expect(page).toHaveURL(/\/sale$/);
        // A toast (Radix also puts its words in a live region for screen readers, hence the first).
        await expect(page.getByText(language === "en" ? /Only the owner/ : /仅店主/).first()).toBeVisible();
      });

      test("an unknown page answers in the viewer's language", async ({ page }) => {
        const answer = await page.goto("/no-such-page");
        expect(answer?.status()).toBe(404);
        await expect(page.getByRole("heading")).toHaveText(language === "en" ? "Page not found" : "页面不存在");
        // The browser reports the page's own 404 as a failed load: that one is the point of the test.
        problems = problems.filter((text) => !text.includes("status of 404"));
      });
    });
  }
}
