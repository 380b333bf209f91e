import { chromium, expect, test, type Page } from "@playwright/test";
import { z } from "zod";
import { E2E } from "../playwright.config";
import { OrderResponse } from "../lib/orders/order-response";
import { writeImageVideo } from "../test/qr-video";
import { decodeQr, pixelsOf, sandboxApi, signIn, tillApi } from "./support";

/**
 * From a printed receipt back to its order, and a refund at the counter: the
 * receipt's QR holds the order's reference; the Scan page reads it from the
 * camera (Chromium's fake camera playing a video made from the printed QR) and
 * opens the order, where refunds are made and followed live; typing the
 * reference works too.
 */

const ChargeList = z.object({ data: z.array(z.object({ id: z.string() })) });

async function paidOrder(items = [{ name: "Tea", unit_amount: 1500, quantity: 2 }]) {
  const created = OrderResponse.parse((await tillApi("POST", "/api/v1/orders", { items })).json);
  const charge = ChargeList.parse((await sandboxApi("GET", `/v1/charges?merchant_ref=${created.provider_ref}`)).json).data[0]!;
  await sandboxApi("POST", `/sandbox/charges/${charge.id}/pay`, {});
  await expect.poll(async () => OrderResponse.parse((await tillApi("GET", `/api/v1/orders/${created.id}`)).json).status).toBe("paid");
  return created;
}

test("typing a reference opens its order; an unknown one says so", async ({ page }) => {
  const order = await paidOrder();
  await signIn(page, "cashier");
  await page.goto("/scan");
  await page.getByTestId("reference-input").fill(order.reference.toLowerCase());
  await page.getByTestId("open-reference").click();
  await expect(page).toHaveURL(new RegExp(order.id));
  await page.goto("/scan");
  await page.getByTestId("reference-input").fill("T9-999999");
  await page.getByTestId("open-reference").click();
  await expect(page.getByTestId("scan-problem")).toContainText("T9-999999");
});

/** Taps an amount on the refund dialog's keypad, digit by digit (5 0 0 0 → 50.00). */
async function tapRefundAmount(page: Page, digits: string): Promise<void> {
  const keypad = page.getByTestId("refund-dialog").getByTestId("keypad");
  for (const d of digits) await keypad.getByRole("button", { name: d, exact: true }).click();
}

test("at the counter: print the receipt, scan its QR with the camera, refund part of it, then more with the owner's PIN; both settle on screen", async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  // ¥300.00, above the store's approval threshold (¥200.00).
  const order = await paidOrder([{ name: "Kettle", unit_amount: 15_000, quantity: 2 }]);
  const english = { name: "till_locale", value: "en", url: `http://127.0.0.1:${E2E.port}` };

  // Print the receipt from the order page (the browser's print dialog is stood in for: headless Chromium has none).
  await page.context().addCookies([english]);
  await page.addInitScript(() => {
    window.print = () => document.documentElement.setAttribute("data-printed", String(Number(document.documentElement.getAttribute("data-printed") ?? 0) + 1));
  });
  await signIn(page, "cashier");
  await page.goto(`/orders/${order.id}`);
  await page.getByTestId("print-receipt").first().click();
  await expect(page).toHaveURL(new RegExp(`/orders/${order.id}/receipt`));
  await expect(page.getByTestId("receipt-reference")).toHaveText(order.reference);
  await expect(page.getByTestId("receipt-total")).toHaveText(/300\.00/);
  await page.getByTestId("print").click();
  await expect(page.locator("html")).toHaveAttribute("data-printed", "1");
  // On paper: no header and no print key, and the QR holds the order's reference.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header").first()).toBeHidden();
  await expect(page.getByTestId("print")).toBeHidden();
  const printedQr = await pixelsOf(page.getByTestId("receipt-qr"));
  expect(decodeQr(printedQr)).toBe(order.reference);

  // The camera sees the printed QR.
  const video = testInfo.outputPath("receipt-qr.y4m");
  writeImageVideo(video, printedQr);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${E2E.port}`, viewport: { width: 820, height: 1180 } });
    await context.addCookies([english]);
    await context.grantPermissions(["camera"]);
    const counter = await context.newPage();
    // Which loaded scripts carry the camera library (a message of its own marks its code).
    const withCameraCode = new Set<string>();
    counter.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.text().catch(() => "");
      if (body.includes("[Html5Qrcode]")) withCameraCode.add(response.url());
    });
    await signIn(counter, "cashier");
    await counter.waitForLoadState("networkidle");
    await counter.goto("/scan");
    await counter.waitForLoadState("networkidle");
    // Neither the sale screen nor the Scan page loads it before the camera is turned on.
    expect([...withCameraCode]).toEqual([]);
    await counter.getByTestId("start-camera").click();
    await expect(counter).toHaveURL(new RegExp(`/orders/${order.id}(\\?|$)`), { timeout: 20_000 });
    expect(withCameraCode.size).toBeGreaterThan(0);
    await expect(counter.getByTestId("payment")).toHaveCount(1);
    // Everything from here happens on this one page: a reload would lose this mark.
    await counter.evaluate(() => document.documentElement.setAttribute("data-same-page", "yes"));

    // ¥50.00 of ¥300.00 tapped on the keypad, below the threshold: no approval, and it settles on screen.
    await counter.getByTestId("refund-open").click();
    await expect(counter.getByTestId("refund-amount")).toHaveText(/300\.00/);
    await tapRefundAmount(counter, "5000");
    await expect(counter.getByTestId("refund-amount")).toHaveText(/50\.00/);
    await expect(counter.getByTestId("refund-summary")).toContainText("50.00");
    await counter.getByTestId("refund-confirm").click();
    await expect(counter.getByTestId("refund-dialog")).toBeHidden();
    await expect(counter.getByTestId("refund")).toHaveCount(1);
    await expect(counter.getByTestId("refund").first()).toContainText("Refunded", { timeout: 15_000 });

    // ¥200.00 more takes the order's refunds to ¥250.00, above the threshold: the owner's PIN, in the same dialog.
    // Typed on the counter's numeric pad this time: the dialog's keypad takes the keyboard.
    await counter.getByTestId("refund-open").click();
    await expect(counter.getByTestId("refund-amount")).toHaveText(/250\.00/);
    await counter.keyboard.type("20000");
    await expect(counter.getByTestId("refund-amount")).toHaveText(/200\.00/);
    await counter.getByTestId("refund-confirm").click();
    await expect(counter.getByTestId("refund-approval")).toBeVisible();
    await counter.getByTestId("approver-pin").fill("000000");
    await counter.getByTestId("refund-confirm").click();
    await expect(counter.getByTestId("refund-problem")).toContainText("not an owner's");
    await expect(counter.getByTestId("refund")).toHaveCount(1);
    await counter.getByTestId("approver-pin").fill(E2E.ownerPin);
    await counter.getByTestId("refund-confirm").click();
    await expect(counter.getByTestId("refund-dialog")).toBeHidden();
    await expect(counter.getByTestId("refund")).toHaveCount(2);
    await expect(counter.getByTestId("refund").filter({ hasText: "Refunded" })).toHaveCount(2, { timeout: 15_000 });
    await expect(counter.locator("html")).toHaveAttribute("data-same-page", "yes");

    const after = OrderResponse.parse((await tillApi("GET", `/api/v1/orders/${order.id}`)).json);
    expect(after).toMatchObject({ status: "paid", amount_refunded: 25_000, amount_refundable: 5_000 });
    expect(after.refunds.map((r) => [r.amount, r.status, r.approved_by === null])).toEqual([
      [5_000, "succeeded", true],
      [20_000, "succeeded", false],
    ]);
  } finally {
    await browser.close();
  }
});
