import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { ProblemSchema } from "../lib/api/problem-schema";
import { hashToken } from "../lib/auth/tokens";
import { E2E } from "../playwright.config";
import { signIn } from "./support";

/*
 * Owner pages ask for the PIN again after TILL_OWNER_IDLE_MIN (30 minutes on
 * the e2e server) without owner activity, while the counter keeps working.
 *
 * The idle limit is a server-side check of the session's "ownerSeenAt"
 * against the server's clock, so faking the browser's clock cannot reach it,
 * and the one server of the suite cannot run with a tiny limit without
 * breaking every other owner journey. Instead the test lets 31 minutes pass
 * for this one session alone: it moves the session's last owner activity 31
 * minutes back, in the e2e database, exactly as it would stand after the owner
 * had only used the counter for half an hour (a single-row UPDATE in WAL mode,
 * with a busy timeout, alongside the server's own connection). Everything
 * after that goes through the production build as a browser would.
 */

const IDLE = 31 * 60_000;

/** The PIN prompt: the owner's own tile already chosen, the PIN typed on the pad. */
async function enterOwnerPin(page: Page): Promise<void> {
  await expect(page.getByRole("status")).toHaveText("Owner pages have been idle for a while. Enter your PIN again to continue.");
  await expect(page.getByRole("radio", { name: /Wang Fang/ })).toHaveAttribute("aria-checked", "true");
  for (const digit of E2E.ownerPin) await page.getByRole("button", { name: digit, exact: true }).click();
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** A Date as the SQLite adapter stores it. */
const stored = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");

/** Makes the browser's session look as if its owner pages had been quiet for `ms` (the counter part of the session stays fresh). */
async function idleOwnerPages(page: Page, ms: number): Promise<void> {
  const token = (await page.context().cookies()).find((c) => c.name === "till_session")?.value;
  expect(token, "signed in").toBeTruthy();
  const db = new Database(path.join(E2E.dataDir, "till.db"));
  try {
    db.pragma("busy_timeout = 5000");
    const moved = db.prepare(`UPDATE "Session" SET "ownerSeenAt" = ? WHERE "tokenHash" = ?`).run(stored(Date.now() - ms), hashToken(token!));
    expect(moved.changes).toBe(1);
  } finally {
    db.close();
  }
}

test("after the owner idle limit an owner page asks for the PIN again and comes back to where it was; the counter keeps working meanwhile", async ({ page }) => {
  await signIn(page, "owner");
  await page.goto("/admin/settings");
  await expect(page).toHaveURL(/\/admin\/settings$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect((await page.request.get("/orders/export.csv")).status()).toBe(200);

  await idleOwnerPages(page, IDLE);

  // The counter: the sale screen and the orders list, signed in as before.
  await page.goto("/sale");
  await expect(page).toHaveURL(/\/sale$/);
  await expect(page.getByTestId("keypad")).toBeVisible();
  await page.goto("/orders");
  await expect(page).toHaveURL(/\/orders$/);
  await expect(page.getByTestId("order-filters")).toBeVisible();

  // An owner download is refused until the PIN is entered again; followed from the Orders screen, its link leads to the PIN prompt and back.
  const stale = await page.request.get("/orders/export.csv");
  expect(stale.status()).toBe(401);
  expect(ProblemSchema.parse(await stale.json())).toMatchObject({ code: "unauthorized", reauth: "owner" });
  await page.getByTestId("orders-export").click();
  await expect(page).toHaveURL(/\/login\?switch=1&reauth=owner&next=%2Forders$/);
  await enterOwnerPin(page);
  await expect(page).toHaveURL(/\/orders$/);
  const downloading = page.waitForEvent("download");
  await page.getByTestId("orders-export").click();
  expect((await downloading).suggestedFilename()).toMatch(/^till-orders-/);

  await idleOwnerPages(page, IDLE);

  // An owner page asks for the PIN, the owner's own tile already chosen.
  await page.goto("/admin/settings");
  await expect(page).toHaveURL(/\/login\?switch=1&reauth=owner&next=%2Fadmin%2Fsettings$/);
  await enterOwnerPin(page);
  await expect(page).toHaveURL(/\/admin\/settings$/);
  expect((await page.request.get("/orders/export.csv")).status()).toBe(200);
});

test("the PIN prompt after owner idleness reads in Chinese too", async ({ browser }) => {
  const context = await browser.newContext({ locale: "zh-CN" });
  const page = await context.newPage();
  await signIn(page, "owner");
  await idleOwnerPages(page, IDLE);
  await page.goto("/admin/keys");
  await expect(page).toHaveURL(/reauth=owner&next=%2Fadmin%2Fkeys$/);
  await expect(page.getByRole("status")).toHaveText("管理页面已闲置一段时间，请重新输入 PIN 码继续。");
  await context.close();
});
