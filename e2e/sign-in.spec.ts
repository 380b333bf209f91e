import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { signIn } from "./support";

test("sign-in: a wrong PIN is refused with the tries left, the right one opens the sale screen", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("radio", { name: /Li Lei/ }).click();
  for (const d of "0000") await page.getByRole("button", { name: d, exact: true }).click();
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
  await expect(page.getByTestId("pin-error")).toHaveText(/4/);
  await signIn(page, "cashier");
  await expect(page.getByTestId("staff-name")).toHaveText(/Li Lei/);
});

test("pages need a session: signed out, the sale screen sends you to sign in", async ({ page }) => {
  await page.goto("/sale");
  await expect(page).toHaveURL(/\/login/);
});

test("language: the switcher turns every label between 中文 and English", async ({ page }) => {
  await signIn(page, "cashier");
  const charge = page.getByTestId("charge");
  const before = await charge.textContent();
  // Below 1280 px the header folds the staff actions, the language switch among them, into its menu.
  const menu = page.getByTestId("menu");
  const folded = await menu.isVisible();
  if (folded) await menu.click();
  await (folded ? page.getByRole("dialog") : page.locator("header")).getByTestId("language-switch").click();
  await expect(charge).not.toHaveText(before ?? "");
  const text = await charge.textContent();
  expect(/收款|Charge/.test(text ?? "")).toBe(true);
});

test("sign-in: the PIN pad's Sign in key is the brand colour with white text, not white on white", async ({ page }) => {
  const hex = /--color-brand:\s*#([0-9a-f]{6})/i.exec(readFileSync("app/globals.css", "utf8"))?.[1];
  if (!hex) throw new Error("app/globals.css declares no --color-brand");
  const brand = `rgb(${[0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(", ")})`;
  await page.goto("/login");
  await page.getByRole("radio", { name: /Li Lei/ }).click();
  const key = page.getByRole("button", { name: /^(Sign in|登录)$/ });
  const colours = await key.evaluate((el) => ({ background: getComputedStyle(el).backgroundColor, text: getComputedStyle(el).color }));
  expect(colours).toEqual({ background: brand, text: "rgb(255, 255, 255)" });
});
