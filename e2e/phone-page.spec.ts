import { expect, test } from "@playwright/test";
import { z } from "zod";
import { sandboxApi, tillApi } from "./support";

const Order = z.object({ id: z.string(), provider_ref: z.string(), qr_content: z.string(), status: z.string(), amount_received: z.number().int() });
const Charges = z.object({ data: z.array(z.object({ id: z.string(), amount_received: z.number().int() })) });

test("phone page: names the store, and after a partial payment the customer pays exactly the rest", async ({ browser }) => {
  const order = Order.parse((await tillApi("POST", "/api/v1/orders", { amount: 2350 })).json);
  const [charge] = Charges.parse((await sandboxApi("GET", `/v1/charges?merchant_ref=${order.provider_ref}`)).json).data;
  expect((await sandboxApi("POST", `/sandbox/charges/${charge!.id}/pay`, { amount: 1000 })).status).toBe(201);

  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "en-US" });
  const page = await phone.newPage();
  await page.goto(order.qr_content);
  // npm start hands the seeded store's name to Sandbox Pay (lib/stores/get-sandbox-merchant-name.ts).
  await expect(page.locator(".merchant")).toHaveText("Demo Coffee 演示咖啡");
  await expect(page.locator("#paidSoFar")).toHaveText("Already paid CN¥10.00");
  await expect(page.locator("#pay")).toHaveText("Pay the rest CN¥13.50");
  await page.locator("#pay").click();
  await expect(page.locator("#doneAmount")).toHaveText("CN¥13.50");
  await phone.close();

  await expect.poll(async () => Order.parse((await tillApi("GET", `/api/v1/orders/${order.id}`)).json)).toMatchObject({ status: "paid", amount_received: 2350 });
});
