/**
 * A WeChat Pay notification reaching the webhook route of a server started
 * without a secrets key (no TILL_SECRETS_KEY, no secrets.key beside the
 * database): the credentials cannot be opened, so it is answered 503 in WeChat
 * Pay's failure format (WeChat sends it again for about a day), nothing is
 * stored, and the error log names the missing configuration, not a secret.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { POST as webhookRoute } from "@/app/api/webhooks/[provider]/route";
import { logger } from "@/lib/log/logger";
import { saveProviderCredentials } from "@/lib/providers/save-provider-credentials";
import { sdkNotificationBody, sdkSignedHeaders, wechatFixture } from "@/lib/providers/wechat/wechat-test-support";
import { serverCtx } from "@/lib/server-context";
import { serveRoutesFrom, startHarness, type Harness } from "@/test/harness";

const f = wechatFixture();
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const { baseUrl: _b, timeoutMs: _t, now: _n, ...credentials } = f.config("https://api.mch.weixin.qq.com");
  await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl: "https://api.mch.weixin.qq.com", credentials });
  delete process.env.TILL_SECRETS_KEY;
  serveRoutesFrom(h);
});
afterAll(() => h?.close());

it("answers 503 with WeChat Pay's FAIL body and an error log naming TILL_SECRETS_KEY", async () => {
  expect((await serverCtx()).secretsKey).toBeUndefined();
  const body = sdkNotificationBody(f, { id: "EV-2026112800002", eventType: "TRANSACTION.SUCCESS", resource: { out_trade_no: "T1-x" } });
  const errors = vi.spyOn(logger, "error");
  try {
    const response = await webhookRoute(new Request("http://till.test/api/webhooks/wechat", { method: "POST", headers: sdkSignedHeaders(f, body), body }), { params: Promise.resolve({ provider: "wechat" }) });
    expect(response.status).toBe(503);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(await response.json()).toMatchObject({ code: "FAIL" });
    const logged = JSON.stringify(errors.mock.calls);
    expect(logged).toContain("TILL_SECRETS_KEY");
    expect(logged).not.toContain(f.apiV3Key);
  } finally {
    errors.mockRestore();
  }
  expect(await h.ctx.db.webhookDelivery.count({ where: { provider: "wechat" } })).toBe(0);
});
