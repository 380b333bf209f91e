import { expect, test } from "@playwright/test";
import { OrderResponse } from "../lib/orders/order-response";
import { ProblemSchema } from "../lib/api/problem-schema";
import { ALIPAY, walletJourneys, WECHAT } from "./wallet-journeys";
import { signIn, walletsApi, WALLETS_TILL } from "./support";

// Through the WeChat Pay APIv3 adapter at Sandbox Pay's WeChat dialect (the default connection of the store).
test.describe("WeChat Pay", () => walletJourneys(WECHAT));

test.describe("API v1 on a store with several connections", () => {
  test.use({ baseURL: WALLETS_TILL });

  test("POST /api/v1/orders charges through the connection named by connection_id, the default without one; another's is a 422", async ({ page }) => {
    const viaDefault = (await walletsApi("POST", "/api/v1/orders", { amount: 100 })).as(OrderResponse);
    const viaAlipay = (await walletsApi("POST", "/api/v1/orders", { amount: 100, connection_id: ALIPAY.connectionId })).as(OrderResponse);
    // The payment screen names the QR each was made through.
    await signIn(page, "cashier");
    await page.goto(`/charge/${viaDefault.id}`);
    await expect(page.getByTestId("qr-provider")).toHaveText(WECHAT.name);
    await page.goto(`/charge/${viaAlipay.id}`);
    await expect(page.getByTestId("qr-provider")).toHaveText(ALIPAY.name);
    const refused = await walletsApi("POST", "/api/v1/orders", { amount: 100, connection_id: "pc_not_this_stores" });
    expect(refused.status).toBe(422);
    expect(refused.as(ProblemSchema).errors?.map((e) => e.path)).toEqual(["connection_id"]);
  });
});
