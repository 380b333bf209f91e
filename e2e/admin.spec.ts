import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../playwright.config";
import { signIn } from "./support";

/**
 * The owner's back office as an owner meets it: settings refused with what to
 * fix, a product added that the sale screen then sells, a cashier added who
 * then signs in; every page in both languages on a tablet and a phone.
 */

async function expectNoHorizontalOverflow(page: Page, screen: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll, `${screen} is wider than the screen`).toBeLessThanOrEqual(widths.inner);
}

async function useLanguage(page: Page, language: "en" | "zh-CN") {
  await page.context().addCookies([{ name: "till_locale", value: language, url: `http://127.0.0.1:${E2E.port}` }]);
}

test("settings: a 10-second QR is refused with what is allowed, and a valid change is saved", async ({ page }) => {
  await useLanguage(page, "en");
  await signIn(page, "owner");
  await page.goto("/admin/settings");
  const lifetime = page.getByLabel("QR lifetime (seconds)");
  const before = await lifetime.inputValue();
  await lifetime.fill("10");
  await page.getByTestId("save-settings").click();
  await expect(page.getByTestId("error-qrLifetimeS")).toHaveText("From 30 to 3600 seconds.");
  await page.reload();
  await expect(page.getByLabel("QR lifetime (seconds)")).toHaveValue(before);

  const tolerance = page.getByLabel("Amount tolerance");
  await tolerance.fill("0.05");
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("Settings saved.").first()).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Amount tolerance")).toHaveValue("0.05");
  await page.getByLabel("Amount tolerance").fill("0.00");
  await page.getByTestId("save-settings").click();
  await expect(page.getByText("Settings saved.").first()).toBeVisible();
});

test("catalogue: a product added in a new category is sold on the sale screen under its tab", async ({ page }) => {
  await useLanguage(page, "en");
  await signIn(page, "owner");
  await page.goto("/admin/catalogue");
  await page.getByTestId("add-category").click();
  await page.getByLabel("Chinese name").fill("茶饮");
  await page.getByLabel("English name").fill("Teas");
  await page.getByTestId("save-catalogue").click();
  await expect(page.getByRole("button", { name: /Teas/ })).toBeVisible();

  await page.getByTestId("add-product").click();
  await page.getByLabel("Chinese name").fill("乌龙茶");
  await page.getByLabel("English name").fill("Oolong");
  await page.getByLabel("Price").fill("16.50");
  await page.getByLabel("Category").click();
  await page.getByRole("option", { name: "Teas" }).click();
  await page.getByTestId("save-catalogue").click();
  await expect(page.getByTestId("catalogue-product").filter({ hasText: "Oolong" })).toContainText("16.50");

  await page.goto("/sale");
  await page.getByRole("tab", { name: "Teas" }).click();
  await page.getByTestId("product").filter({ hasText: "Oolong" }).click();
  await expect(page.getByTestId("amount-display")).toHaveText(/16\.50/);
});

test("staff: a cashier added by the owner signs in with the PIN given; a PIN already in use is refused", async ({ page }) => {
  await useLanguage(page, "en");
  await signIn(page, "owner");
  await page.goto("/admin/staff");
  await page.getByTestId("add-staff").click();
  await page.getByLabel("Name").fill("Zhao Min");
  await page.getByLabel("PIN").fill(E2E.cashierPin);
  await page.getByTestId("save-staff").click();
  await expect(page.getByTestId("error-pin")).toContainText("already uses this PIN");
  await page.getByLabel("PIN").fill("246813");
  await page.getByTestId("save-staff").click();
  await expect(page.getByTestId("staff-member").filter({ hasText: "Zhao Min" })).toBeVisible();

  await page.goto("/login?switch=1");
  await page.getByRole("radio", { name: /Zhao Min/ }).click();
  await page.keyboard.type("246813");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/sale$/);
  await expect(page.getByTestId("staff-name")).toHaveText("Zhao Min");
});

for (const [viewportName, viewport] of Object.entries({ tablet: { width: 1024, height: 768 }, phone: { width: 390, height: 844 } })) {
  for (const language of ["en", "zh-CN"] as const) {
    test(`the back office fits a ${viewportName} in ${language}`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await useLanguage(page, language);
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`${page.url()}: ${message.text()} ${message.location().url}`);
      });
      page.on("pageerror", (error) => problems.push(`${page.url()}: ${error.message}`));
      await signIn(page, "owner");
      expect((await page.locator("header").first().boundingBox())?.height).toBeLessThanOrEqual(64);
      for (const section of ["settings", "catalogue", "staff"]) {
        await page.goto(`/admin/${section}`);
        await expect(page.locator("main h1").first()).toBeVisible();
        // Hydration ends after the load event: wait for it, so that an error is told on its own page.
        await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null))));
        await expectNoHorizontalOverflow(page, `/admin/${section}`);
      }
      await page.goto("/discrepancies");
      await expectNoHorizontalOverflow(page, "the discrepancies page");
      expect(problems).toEqual([]);
    });
  }
}
