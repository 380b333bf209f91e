import { expect, test } from "@playwright/test";
import { E2E } from "../../playwright.config";
import { readQr, signIn, typeAmount } from "../support";

const A = `http://127.0.0.1:${E2E.chain.portA}`;
const B = `http://127.0.0.1:${E2E.chain.portB}`;
const SANDBOX = `http://127.0.0.1:${E2E.chain.sandboxPort}`;

// The cashier works on server B.
test.use({ baseURL: B });

test("two servers on one PostgreSQL database: charged on B, paid through A, B's screen turns PAID", async ({ page, browser }) => {
  await signIn(page, "cashier");
  await typeAmount(page, "1880");
  await page.getByTestId("charge").click();
  await expect(page).toHaveURL(/\/charge\/ord_/);
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "open");

  const qrContent = await readQr(page.getByTestId("order-qr"));
  expect(qrContent.startsWith(`${SANDBOX}/pay/ch_`)).toBe(true);
  const chargeId = /\/pay\/(ch_[^/?#]+)/.exec(qrContent)![1];

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phonePage = await phone.newPage();
  await phonePage.goto(qrContent);
  const paidAt = Date.now();
  await phonePage.locator("#pay").click();
  await expect(phonePage.locator("#done")).toBeVisible();

  // A records the payment and NOTIFYs; B's bus hears it and its screen re-reads the order.
  await expect(page.getByTestId("order-status")).toHaveAttribute("data-status", "paid", { timeout: 5_000 });
  test.info().annotations.push({ type: "paid on A → PAID on B", description: `${Date.now() - paidAt} ms (including the phone's round trip)` });
  // Sandbox Pay notified server A (the chain's public address), never B.
  const events = (await (await fetch(`${SANDBOX}/sandbox/events?charge_id=${chargeId}`, { headers: { authorization: `Bearer ${E2E.sandboxKey}` } })).json()) as {
    data: { type: string; notify_url: string; state: string }[];
  };
  const succeeded = events.data.filter((e) => e.type === "payment.succeeded");
  expect(succeeded.length).toBeGreaterThan(0);
  for (const e of succeeded) expect(e.notify_url.startsWith(`${A}/`)).toBe(true);
  await phone.close();
});
