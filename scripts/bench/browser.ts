/**
 * Debian's Chromium, driven by Playwright's library, for the benchmarks that
 * measure what a cashier sees: launched as the end-to-end tests launch it, and
 * signed in through the real sign-in screen with the seeded demo PINs.
 */
import { chromium, type Browser, type Page } from "@playwright/test";
import { DEMO_DEFAULTS } from "@/lib/env";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The flags playwright.config.ts gives Chromium (no sandbox as root, no GPU, no background traffic). */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A cashier's page at a 1024×768 counter terminal, signed in, on the sale screen. */
export async function cashierPage(browser: Browser, till: string, who: "cashier" | "owner" = "cashier"): Promise<Page> {
  const context = await browser.newContext({ baseURL: till, viewport: { width: 1024, height: 768 }, locale: "en" });
  const page = await context.newPage();
  await page.goto("/login?switch=1");
  await page.getByRole("radio", { name: who === "owner" ? /Wang Fang/ : /Li Lei/ }).click();
  for (const digit of who === "owner" ? DEMO_DEFAULTS.TILL_SEED_OWNER_PIN : DEMO_DEFAULTS.TILL_SEED_CASHIER_PIN) {
    await page.getByRole("button", { name: digit, exact: true }).click();
  }
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
  await page.waitForURL(/\/sale$/);
  return page;
}
