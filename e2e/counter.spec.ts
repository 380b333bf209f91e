import { expect, test } from "@playwright/test";
import { OrderPageResponse, OrderResponse } from "../lib/orders/order-response";
import { ChargeList } from "../sandbox/test-schemas";
import { firstOf } from "../test/parse";
import { orderIdFromUrl, readQr, sandboxApi, signIn, SANDBOX, tillApi, typeAmount } from "./support";

test("counter: the cashier charges ¥23.50 on the keypad, the customer pays from the QR, the screen turns PAID", async ({ page, browser }) => {
  await signIn(page, "cashier");
  await typeAmount(page, "2350");
  await expect(page.getByTestId("amount-display")).toHaveText(/23\.50/);
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const orderId = orderIdFromUrl(page);
  await expect(page.getByTestId("order-amount")).toHaveText(/23\.50/);
  await expect(page.getByTestId("order-reference")).toHaveText(/^T1-\d{6}$/);
  await expect(page.getByTestId("countdown")).toHaveText(/0[45]:\d\d/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "open");

  // The QR on screen encodes the provider's payment page for this one order.
  const qrContent = await readQr(page.getByTestId("order-qr"));
  const order = (await tillApi("GET", `/api/v1/orders/${orderId}`)).as(OrderResponse);
  expect(qrContent).toBe(order.qr_content);
  expect(qrContent.startsWith(`${SANDBOX}/pay/ch_`)).toBe(true);

  // A second page acts as the customer's phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
  const phonePage = await phone.newPage();
  await phonePage.goto(qrContent);
  await expect(phonePage.locator("#main")).toContainText("23.50");
  const paidAt = Date.now();
  await phonePage.locator("#pay").click();
  await expect(phonePage.locator("#done")).toBeVisible();

  // The provider recorded the payment…
  const charge = firstOf((await sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).as(ChargeList).data, "the order's charges");
  expect(charge.payments).toHaveLength(1);
  expect(charge.payments[0]?.amount).toBe(2350);
  // …and its signed notification turns the cashier's screen PAID.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid", { timeout: 5_000 });
  test.info().annotations.push({ type: "notification → screen", description: `${Date.now() - paidAt} ms (including the phone's own round trip)` });
  const after = (await tillApi("GET", `/api/v1/orders/${orderId}`)).as(OrderResponse);
  expect(after.status).toBe("paid");
  expect(after.amount_received).toBe(2350);
  expect(after.payments).toHaveLength(1);
  expect(after.payments[0]?.source).toBe("notification");
  await phone.close();
});

test("counter: products tapped into the cart make the order's items and amount", async ({ page }) => {
  await signIn(page, "cashier");
  const tile = (name: RegExp) => page.getByTestId("product").filter({ hasText: name });
  await tile(/Latte|拿铁/).click();
  await tile(/Latte|拿铁/).click();
  await tile(/Croissant|可颂/).click();
  await expect(page.getByTestId("charge")).toHaveText(/36\.00/);
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const order = (await tillApi("GET", `/api/v1/orders/${orderIdFromUrl(page)}`)).as(OrderResponse);
  expect(order.amount).toBe(3600);
  expect(order.items.map((i) => i.quantity).sort()).toEqual([1, 2]);
});

test("counter: a lost answer to Charge does not create a second order when the cashier presses again", async ({ page }) => {
  await signIn(page, "cashier");
  const before = (await tillApi("GET", "/api/v1/orders?limit=100")).as(OrderPageResponse).data.length;
  await typeAmount(page, "777");
  // The server creates the order, but its answer never reaches the tablet.
  let dropped = false;
  await page.route("**/sale", async (route) => {
    if (route.request().method() === "POST" && !dropped) {
      dropped = true;
      await route.fetch();
      await route.abort("connectionreset");
      return;
    }
    await route.continue();
  });
  await page.getByTestId("charge").click();
  await expect(page.getByTestId("sale-error")).toBeVisible();
  await page.reload();
  await expect(page.getByTestId("amount-display")).toHaveText(/7\.77/);
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const orders = (await tillApi("GET", "/api/v1/orders?limit=100")).as(OrderPageResponse).data;
  expect(orders.length).toBe(before + 1);
  expect(orders[0]?.id).toBe(orderIdFromUrl(page));
});

test("counter: cancelling closes the charge at the provider and the QR stops working", async ({ page }) => {
  await signIn(page, "cashier");
  await typeAmount(page, "1200");
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const order = (await tillApi("GET", `/api/v1/orders/${orderIdFromUrl(page)}`)).as(OrderResponse);
  await page.getByTestId("cancel").click();
  await page.getByTestId("cancel-confirm").click();
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "cancelled");
  const charge = firstOf((await sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).as(ChargeList).data, "the order's charges");
  expect(charge.status).toBe("closed");
  const pay = await fetch(`${SANDBOX}/pay/${charge.id}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
  expect(pay.status).toBe(409);
});

test("customer display: opened without a session by the order's id, it shows the QR and turns PAID", async ({ page, browser }) => {
  await signIn(page, "cashier");
  await typeAmount(page, "1880");
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  const orderId = orderIdFromUrl(page);
  const order = (await tillApi("GET", `/api/v1/orders/${orderId}`)).as(OrderResponse);

  const screen = await browser.newContext({ viewport: { width: 800, height: 1280 } });
  const display = await screen.newPage();
  await display.goto(`/display/${orderId}`);
  await expect(display.getByTestId("customer-display")).toContainText("18.80");
  expect(await readQr(display.locator("svg").first())).toBe(order.qr_content);
  // Not by reference: references can be guessed.
  expect((await display.goto(`/display/${order.reference}`))?.status()).toBe(404);
  await display.goto(`/display/${orderId}`);

  const charge = firstOf((await sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).as(ChargeList).data, "the order's charges");
  await sandboxApi("POST", `/sandbox/charges/${charge.id}/pay`, {});
  await expect(display.getByTestId("customer-display")).toHaveAttribute("data-status", "paid");
  await screen.close();
});
