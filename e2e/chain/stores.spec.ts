import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { E2E } from "../../playwright.config";

const A = `http://127.0.0.1:${E2E.chain.portA}`;
const B = `http://127.0.0.1:${E2E.chain.portB}`;

// Stores of one chain, seen on server B; the demo store's order is made through server A.
test.use({ baseURL: B });

/** A store added as the README says (`npm run store:add`), to the chain's database; its ids from what it prints. */
function addStore(args: string[]): { storeId: string; ownerId: string } {
  const databaseUrl = readFileSync(`${E2E.chain.dataDir}/database-url`, "utf8").trim();
  const out = execFileSync("npx", ["tsx", "scripts/add-store.ts", ...args], { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8" });
  return { storeId: /^store\s+(\S+)/m.exec(out)![1]!, ownerId: /^owner\s+(\S+)/m.exec(out)![1]! };
}

async function enterPin(page: Page, pin: string) {
  for (const digit of pin) await page.getByRole("button", { name: digit, exact: true }).click();
  await page.getByRole("button", { name: /^(Sign in|登录)$/ }).click();
  await expect(page).toHaveURL(/\/sale$/);
}

// A rerun (CI retries once) adds stores of other names to the same database.
const run = Date.now().toString(36);
const north = { name: `North ${run}`, owner: `Chen Jie ${run}`, pin: "613579" };
const hq = { name: `HQ ${run}`, owner: `Zhou Min ${run}`, pin: "580246" };

test("a chain's stores: the sign-in store picker, each store's own staff and pages, and the chain owner's stores side by side", async ({ page, request }) => {
  const northStore = addStore(["--name", north.name, "--owner-name", north.owner, "--owner-pin", north.pin]);
  const hqStore = addStore(["--name", hq.name, "--owner-name", hq.owner, "--owner-pin", hq.pin, "--chain-owner"]);
  // An order of the demo store (the oldest), through server A.
  const created = await request.post(`${A}/api/v1/orders`, { headers: { authorization: `Bearer ${E2E.cashierKey}`, "idempotency-key": `chain-${run}` }, data: { amount: 4321 } });
  expect(created.status(), await created.text()).toBe(201);
  const demoOrder = (await created.json()) as { id: string };

  // A fresh device shows the oldest store; the picker offers every store and shows the chosen one's staff only.
  await page.goto("/login");
  const picker = page.getByTestId("login-store");
  await expect(picker.locator("option").first()).toHaveText("Demo Coffee 演示咖啡");
  await expect(picker.locator("option", { hasText: north.name })).toHaveCount(1);
  await expect(picker.locator("option", { hasText: hq.name })).toHaveCount(1);
  await expect(page.getByRole("radio", { name: /Wang Fang/ })).toBeVisible();
  await picker.selectOption(northStore.storeId);
  await expect(page).toHaveURL(new RegExp(`store=${northStore.storeId}`));
  await expect(page.getByRole("radio", { name: north.owner })).toBeVisible();
  await expect(page.getByRole("radio", { name: /Wang Fang|Li Lei/ })).toHaveCount(0);
  await page.getByRole("radio", { name: north.owner }).click();
  await enterPin(page, north.pin);

  // North's owner: the demo store's order is not found, and the chain page is not theirs.
  const answer = await page.goto(`/orders/${demoOrder.id}`);
  expect(answer?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: /Page not found|页面不存在/ })).toBeVisible();
  await page.goto("/chain");
  await expect(page).toHaveURL(/\/admin\/settings$/);
  await expect(page.getByText(/Only the chain owner can open that page|只有连锁店主可以打开该页面/).first()).toBeVisible();
  await expect(page.getByTestId("store-switcher")).toHaveCount(0);

  // Signed out, this device stays with North's sign-in screen.
  await page.goto("/login?switch=1");
  await expect(page.getByRole("radio", { name: north.owner })).toBeVisible();

  // The chain owner signs in at HQ and sees every store side by side.
  await page.getByTestId("login-store").selectOption(hqStore.storeId);
  await page.getByRole("radio", { name: hq.owner }).click();
  await enterPin(page, hq.pin);
  await page.getByTestId("all-stores").click();
  await expect(page).toHaveURL(/\/chain$/);
  const tiles = page.getByTestId("chain-store");
  await expect(tiles.filter({ hasText: north.name })).toHaveCount(1);
  await expect(tiles.filter({ hasText: hq.name })).toHaveCount(1);
  const demoTile = tiles.first();
  await expect(demoTile).toHaveAttribute("data-name", "Demo Coffee 演示咖啡");
  const expected = Number(await demoTile.getByTestId("store-expected").getAttribute("data-amount"));
  expect(expected).toBeGreaterThanOrEqual(4321);
  await expect(tiles.filter({ hasText: north.name }).getByTestId("store-expected")).toHaveAttribute("data-amount", "0");
  const each = await tiles.getByTestId("store-expected").evaluateAll((figures) => figures.map((f) => Number(f.getAttribute("data-amount"))));
  await expect(page.getByTestId("chain-total").getByTestId("total-expected")).toHaveAttribute("data-amount", String(each.reduce((a, b) => a + b, 0)));

  // Opening the demo store's tile: its Reconciliation page, the same figure, the session now acting in it.
  const demoStoreId = await demoTile.getAttribute("data-store");
  await demoTile.getByTestId("open-store").click();
  await expect(page).toHaveURL(/\/reconciliation\?day=/);
  await expect(page.getByTestId("tile-expected")).toHaveAttribute("data-amount", String(expected));
  await expect(page.locator("#store-switcher")).toHaveValue(demoStoreId!);
  // …and its order pages open, where North's owner got a 404.
  expect((await page.goto(`/orders/${demoOrder.id}`))?.status()).toBe(200);
});
