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
  await page.getByTestId("language-switch").click();
  await expect(charge).not.toHaveText(before ?? "");
  const text = await charge.textContent();
  expect(/收款|Charge/.test(text ?? "")).toBe(true);
});
