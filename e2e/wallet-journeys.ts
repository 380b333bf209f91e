import { expect, test, type Page } from "@playwright/test";
import { OrderResponse } from "../lib/orders/order-response";
import { DEMO_ALIPAY_CONNECTION_ID, DEMO_WECHAT_CONNECTION_ID, SANDBOX_CONNECTION_ID } from "../lib/stores/demo-connection-ids";
import { ChargeList } from "../sandbox/test-schemas";
import { firstOf } from "../test/parse";
import { orderIdFromUrl, readQr, signIn, typeAmount, walletsApi, walletsSandboxApi, WALLETS_SANDBOX, WALLETS_TILL } from "./support";

/** The wallet a journey goes through: the demo connection the cashier presses and the name it shows. */
export type Wallet = { connectionId: string; name: RegExp };
export const WECHAT: Wallet = { connectionId: DEMO_WECHAT_CONNECTION_ID, name: /WeChat Pay/ };
export const ALIPAY: Wallet = { connectionId: DEMO_ALIPAY_CONNECTION_ID, name: /Alipay/ };

const orderOf = async (orderId: string) => (await walletsApi("GET", `/api/v1/orders/${orderId}`)).as(OrderResponse);

/** On the sale screen of the store with several connections: types the amount and presses the wallet's button. */
async function chargeThrough(page: Page, wallet: Wallet, digits: string) {
  await typeAmount(page, digits);
  const choices = page.getByTestId("choose-provider").getByTestId("charge-with");
  // The store's three connections, the default (WeChat Pay) first; no single Charge button.
  await expect(choices).toHaveCount(3);
  expect(await choices.evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-connection")))).toEqual([DEMO_WECHAT_CONNECTION_ID, SANDBOX_CONNECTION_ID, DEMO_ALIPAY_CONNECTION_ID]);
  await expect(page.getByTestId("charge")).toHaveCount(0);
  await page.locator(`[data-testid="charge-with"][data-connection="${wallet.connectionId}"]`).click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  // The cashier sees which QR it is.
  await expect(page.getByTestId("qr-provider")).toHaveText(wallet.name);
  const order = await orderOf(orderIdFromUrl(page));
  const charge = firstOf((await walletsSandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).as(ChargeList).data, "the order's charges");
  return { order, chargeId: charge.id };
}

/**
 * The journeys of one real adapter (WeChat Pay APIv3 or Alipay's gateway) at
 * Sandbox Pay's dialect of it, on the store started with TILL_DEMO_PROVIDER=both:
 * the cashier picks the wallet's QR, the customer pays on the phone page, the
 * signed notification (WeChat's encrypted resource, Alipay's RSA2 form) turns
 * the screen PAID; part of it is refunded and settles through the adapter;
 * and a payment whose notification was lost is found by "customer says paid".
 */
export function walletJourneys(wallet: Wallet) {
  test.use({ baseURL: WALLETS_TILL });

  test("the cashier picks the QR, the customer pays it on the phone, the screen turns PAID; a refund settles", async ({ page, browser }) => {
    test.setTimeout(90_000);
    await signIn(page, "cashier");
    const { order } = await chargeThrough(page, wallet, "2350");
    await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "open");

    // The QR on screen is the wallet's (Sandbox Pay's phone page stands in for the wallet app).
    const qrContent = await readQr(page.getByTestId("order-qr"));
    expect(qrContent).toBe(order.qr_content);
    expect(qrContent.startsWith(`${WALLETS_SANDBOX}/pay/ch_`)).toBe(true);
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "zh-CN" });
    const phonePage = await phone.newPage();
    await phonePage.goto(qrContent);
    await expect(phonePage.locator("#main")).toContainText("23.50");
    await phonePage.locator("#pay").click();
    await expect(phonePage.locator("#done")).toBeVisible();
    await phone.close();

    await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid", { timeout: 10_000 });
    const paid = await orderOf(order.id);
    expect(paid).toMatchObject({ status: "paid", amount_received: 2350 });
    expect(paid.payments.map((p) => p.source)).toEqual(["notification"]);

    // ¥5.00 back, from the order's page; the adapter's refund settles and the page shows it.
    await page.goto(`/orders/${order.id}`);
    await page.getByTestId("refund-open").click();
    const keypad = page.getByTestId("refund-dialog").getByTestId("keypad");
    for (const d of "500") await keypad.getByRole("button", { name: d, exact: true }).click();
    await expect(page.getByTestId("refund-amount")).toHaveText(/5\.00/);
    await page.getByTestId("refund-confirm").click();
    await expect(page.getByTestId("refund-dialog")).toBeHidden();
    await expect(page.getByTestId("refund")).toHaveCount(1);
    await expect.poll(async () => (await orderOf(order.id)).refunds.map((r) => [r.amount, r.status]), { timeout: 30_000 }).toEqual([[500, "succeeded"]]);
    expect(await orderOf(order.id)).toMatchObject({ amount_refunded: 500, amount_refundable: 1850 });
  });

  test("customer says paid: the notification was lost, one tap asks the wallet and shows PAID", async ({ page }) => {
    await signIn(page, "cashier");
    const { order, chargeId } = await chargeThrough(page, wallet, "4200");
    expect((await walletsSandboxApi("POST", `/sandbox/charges/${chargeId}/pay`, { delivery: "drop" })).status).toBe(201);
    await page.getByTestId("check").click();
    await expect(page.getByTestId("check-notice")).toHaveText(/paid|已付款/);
    await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid");
    const after = await orderOf(order.id);
    expect(after.amount_received).toBe(4200);
    expect(after.payments.map((p) => p.source)).toEqual(["query"]);
  });
}
