import { test } from "@playwright/test";
import { ALIPAY, walletJourneys } from "./wallet-journeys";

// Through the Alipay OpenAPI v2 adapter at Sandbox Pay's Alipay dialect (a second connection the cashier picks).
test.describe("Alipay", () => walletJourneys(ALIPAY));
