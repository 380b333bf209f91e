import { chromium, expect, test } from "@playwright/test";
import { z } from "zod";
import { E2E } from "../playwright.config";
import { OrderResponse } from "../lib/orders/order-response";
import { writeQrVideo } from "../test/qr-video";
import { readQr, sandboxApi, signIn, tillApi } from "./support";

/**
 * From a printed receipt back to its order: the receipt's QR holds the order's
 * reference; the Scan page reads it from the camera (Chromium's fake camera
 * playing a video of that QR) and opens the order; typing the reference works too.
 */

const ChargeList = z.object({ data: z.array(z.object({ id: z.string() })) });

async function paidOrder() {
  const created = OrderResponse.parse((await tillApi("POST", "/api/v1/orders", { items: [{ name: "Tea", unit_amount: 1500, quantity: 2 }] })).json);
  const charge = ChargeList.parse((await sandboxApi("GET", `/v1/charges?merchant_ref=${created.provider_ref}`)).json).data[0]!;
  await sandboxApi("POST", `/sandbox/charges/${charge.id}/pay`, {});
  await expect.poll(async () => OrderResponse.parse((await tillApi("GET", `/api/v1/orders/${created.id}`)).json).status).toBe("paid");
  return created;
}

test("the receipt shows the order and its QR holds the order's reference", async ({ page }) => {
  const order = await paidOrder();
  await signIn(page, "cashier");
  await page.goto(`/orders/${order.id}/receipt`);
  await expect(page.getByTestId("receipt-reference")).toHaveText(order.reference);
  await expect(page.getByTestId("receipt-total")).toHaveText(/30\.00/);
  await expect(page.getByTestId("print")).toBeVisible();
  expect(await readQr(page.getByTestId("receipt-qr"))).toBe(order.reference);
  // Printed, the header and the print key are not on paper.
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("header").first()).toBeHidden();
  await expect(page.getByTestId("print")).toBeHidden();
});

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

test("the camera reads a receipt's QR and opens the order", async ({}, testInfo) => {
  const order = await paidOrder();
  const video = testInfo.outputPath("receipt-qr.y4m");
  writeQrVideo(video, order.reference);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", `--use-file-for-fake-video-capture=${video}`],
  });
  try {
    const context = await browser.newContext({ baseURL: `http://127.0.0.1:${E2E.port}`, viewport: { width: 390, height: 844 } });
    await context.grantPermissions(["camera"]);
    const page = await context.newPage();
    // Which loaded scripts carry the camera library (a message of its own marks its code).
    const withCameraCode = new Set<string>();
    page.on("response", async (response) => {
      if (response.request().resourceType() !== "script") return;
      const body = await response.text().catch(() => "");
      if (body.includes("[Html5Qrcode]")) withCameraCode.add(response.url());
    });
    await signIn(page, "cashier");
    await page.waitForLoadState("networkidle");
    await page.goto("/scan");
    await page.waitForLoadState("networkidle");
    // Neither the sale screen nor the Scan page loads it before the camera is turned on.
    expect([...withCameraCode]).toEqual([]);
    await page.getByTestId("start-camera").click();
    await expect(page).toHaveURL(new RegExp(order.id), { timeout: 20_000 });
    expect(withCameraCode.size).toBeGreaterThan(0);
  } finally {
    await browser.close();
  }
});

test("refunds on the order page: a partial refund settles on screen; a larger one needs the owner's PIN, a wrong one is refused", async ({ page }) => {
  const created = OrderResponse.parse((await tillApi("POST", "/api/v1/orders", { amount: 30_000 })).json);
  const charge = ChargeList.parse((await sandboxApi("GET", `/v1/charges?merchant_ref=${created.provider_ref}`)).json).data[0]!;
  await sandboxApi("POST", `/sandbox/charges/${charge.id}/pay`, {});
  await expect.poll(async () => OrderResponse.parse((await tillApi("GET", `/api/v1/orders/${created.id}`)).json).status).toBe("paid");
  await page.context().addCookies([{ name: "till_locale", value: "en", url: `http://127.0.0.1:${E2E.port}` }]);
  await signIn(page, "cashier");
  await page.goto(`/orders/${created.id}`);

  // ¥50.00 of ¥300.00, below the store's approval threshold (¥200.00).
  await page.getByTestId("refund-open").click();
  await page.getByTestId("refund-amount").fill("50.00");
  await expect(page.getByTestId("refund-summary")).toContainText("50.00");
  await page.getByTestId("refund-confirm").click();
  await expect(page.getByTestId("refund-dialog")).toBeHidden();
  // The refund settles at Sandbox Pay and the page follows without a reload.
  await expect(page.getByTestId("refund").first()).toContainText("Refunded", { timeout: 15_000 });

  // ¥200.00 more takes the order's refunds to ¥250.00, above the threshold: an owner approves.
  await page.getByTestId("refund-open").click();
  await page.getByTestId("refund-amount").fill("200.00");
  await page.getByTestId("refund-confirm").click();
  await expect(page.getByTestId("refund-approval")).toBeVisible();
  await page.getByTestId("approver-pin").fill("000000");
  await page.getByTestId("refund-confirm").click();
  await expect(page.getByTestId("refund-problem")).toContainText("not an owner's");
  await page.getByTestId("approver-pin").fill(E2E.ownerPin);
  await page.getByTestId("refund-confirm").click();
  await expect(page.getByTestId("refund-dialog")).toBeHidden();
  await expect(page.getByTestId("refund")).toHaveCount(2);
  await expect(page.getByTestId("refund").filter({ hasText: "Refunded" })).toHaveCount(2, { timeout: 15_000 });

  const after = OrderResponse.parse((await tillApi("GET", `/api/v1/orders/${created.id}`)).json);
  expect(after.amount_refunded).toBe(25_000);
  expect(after.refunds.map((r) => r.approved_by === null)).toEqual([true, false]);
});
