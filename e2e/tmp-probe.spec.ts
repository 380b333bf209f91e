import { test } from "@playwright/test";
import { writeFileSync } from "node:fs";
import { signIn } from "./support";

test("probe", async ({ page }) => {
  page.on("console", (m) => { if (m.type() === "error") console.log("CONSOLE", page.url(), m.text().slice(0, 60)); });
  await signIn(page, "owner");
  await page.goto("/admin/catalogue");
  await page.getByTestId("add-category").click();
  await page.getByLabel("Chinese name").fill("茶饮");
  await page.getByLabel("English name").fill("Teas");
  await page.getByTestId("save-catalogue").click();
  await page.waitForTimeout(1000);
  await page.getByTestId("add-product").click();
  await page.getByLabel("Chinese name").fill("乌龙茶");
  await page.getByLabel("English name").fill("Oolong");
  await page.getByLabel("Price").fill("16.50");
  await page.getByLabel("Category").click();
  await page.getByRole("option", { name: "Teas" }).click();
  await page.getByTestId("save-catalogue").click();
  await page.waitForTimeout(1000);
  const response = await page.goto("/admin/catalogue");
  writeFileSync("/tmp/ssr.html", await response!.text());
  await page.waitForTimeout(1000);
  writeFileSync("/tmp/client.html", await page.content());
});
