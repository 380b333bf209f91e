import { expect, test } from "@playwright/test";
import { OrderResponse } from "../lib/orders/order-response";
import { ProblemSchema } from "../lib/api/problem-schema";
import { ALIPAY, walletJourneys, WECHAT } from "./wallet-journeys";
import { walletsApi } from "./support";

// Through the WeChat Pay APIv3 adapter at Sandbox Pay's WeChat dialect (the default connection of the store).
walletJourneys(WECHAT);

test("POST /api/v1/orders charges through the connection named by connection_id, the default without one; another's is a 422", async () => {
  const viaDefault = (await walletsApi("POST", "/api/v1/orders", { amount: 100 })).as(OrderResponse);
  const viaAlipay = (await walletsApi("POST", "/api/v1/orders", { amount: 100, connection_id: ALIPAY.connectionId })).as(OrderResponse);
  expect(viaDefault.qr_content).toBeTruthy();
  expect(viaAlipay.qr_content).toBeTruthy();
  const refused = await walletsApi("POST", "/api/v1/orders", { amount: 100, connection_id: "pc_not_this_stores" });
  expect(refused.status).toBe(422);
  expect(refused.as(ProblemSchema).errors?.map((e) => e.path)).toEqual(["connection_id"]);
});
