import { expect, test, type Page } from "@playwright/test";
import { OrderResponse } from "../lib/orders/order-response";
import { DiscrepancyPageResponse } from "../lib/reconciliation/discrepancy-response";
import { ChargeList } from "../sandbox/test-schemas";
import { firstOf } from "../test/parse";
import { orderIdFromUrl, ownerApi, sandboxApi, signIn, tillApi, typeAmount } from "./support";

async function chargeOnScreen(page: Page, digits: string) {
  await typeAmount(page, digits);
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const order = (await tillApi("GET", `/api/v1/orders/${orderIdFromUrl(page)}`)).as(OrderResponse);
  const charge = firstOf((await sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).as(ChargeList).data, "the order's charges");
  return { order, chargeId: charge.id };
}

test("paid but not received: a dropped notification, the customer says paid, one tap shows PAID and opens unnotified_payment", async ({ page }) => {
  await signIn(page, "cashier");
  const { order, chargeId } = await chargeOnScreen(page, "4200");
  const paid = await sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" });
  expect(paid.status).toBe(201);
  // Nothing arrives: the screen keeps waiting.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "open");
  await page.getByTestId("check").click();
  await expect(page.getByTestId("check-notice")).toHaveText(/paid|已付款/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  const after = (await tillApi("GET", `/api/v1/orders/${order.id}`)).as(OrderResponse);
  expect(after.payments.map((p) => p.source)).toEqual(["query"]);
  const found = (await ownerApi("GET", `/api/v1/discrepancies?type=unnotified_payment&order_id=${order.id}`)).as(DiscrepancyPageResponse).data;
  expect(found).toHaveLength(1);
  expect(found[0]?.actual_amount).toBe(4200);
});

test("customer says paid but nothing arrived: the screen says not to hand over the goods", async ({ page }) => {
  await signIn(page, "cashier");
  await chargeOnScreen(page, "900");
  await page.getByTestId("check").click();
  await expect(page.getByTestId("check-notice")).toHaveText(/Do not hand over|不要交付/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "open");
});

test("the owner sees an overpayment in plain words on the Discrepancies page", async ({ page }) => {
  await signIn(page, "cashier");
  const { order, chargeId } = await chargeOnScreen(page, "1000");
  await sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { amount: 1500 });
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
  await expect(page.getByTestId("order-status")).toContainText(/5\.00/);
  await signIn(page, "owner");
  await page.goto("/discrepancies");
  const row = page.getByTestId("discrepancy").filter({ hasText: order.reference });
  await expect(row).toHaveAttribute("data-type", "overpaid");
  await expect(row).toContainText(/15\.00/);
});

test("a cashier cannot open the owner's Discrepancies page", async ({ page }) => {
  await signIn(page, "cashier");
  await page.goto("/discrepancies");
  await expect(page).toHaveURL(/\/sale/);
});

test("live status: after a network drop the screen reconnects and shows the payment made meanwhile", async ({ page, context }) => {
  await signIn(page, "cashier");
  const { order, chargeId } = await chargeOnScreen(page, "3100");
  await context.setOffline(true);
  await expect(page.getByText(/Connection lost|连接已断开/)).toBeVisible();
  await sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, {});
  await expect.poll(async () => (await tillApi("GET", `/api/v1/orders/${order.id}`)).as(OrderResponse).status).toBe("paid");
  await context.setOffline(false);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
});

test("sweeper: a dropped notification is found by Till on its own, and the screen turns PAID without a tap", async ({ page }) => {
  await signIn(page, "cashier");
  const { order, chargeId } = await chargeOnScreen(page, "2600");
  await sandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" });
  // TILL_SWEEP_AFTER_S=3 / TILL_SWEEP_EVERY_S=2 in playwright.config.ts.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid", { timeout: 15_000 });
  const after = (await tillApi("GET", `/api/v1/orders/${order.id}`)).as(OrderResponse);
  expect(after.payments.map((p) => p.source)).toEqual(["query"]);
});

test("expiry: an unpaid order expires on the cashier's screen and its charge is closed at the provider", async ({ page }) => {
  test.setTimeout(90_000);
  await signIn(page, "cashier");
  const created = await tillApi("POST", "/api/v1/orders", { amount: 700, expires_in: 30 });
  expect(created.status).toBe(201);
  const order = created.as(OrderResponse);
  await page.goto(`/charge/${order.id}`);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "expired", { timeout: 45_000 });
  const charge = firstOf((await sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).as(ChargeList).data, "the order's charges");
  expect(["closed", "expired"]).toContain(charge.status);
});
