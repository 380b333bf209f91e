import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { ProblemSchema } from "../../lib/api/problem-schema";
import { E2E } from "../../playwright.config";
import { parseAs } from "../../test/parse";

/**
 * Runs after every journey (project `logs` depends on `chromium` and `api`):
 * everything Till and Sandbox Pay printed meanwhile, through sign-ins, sales,
 * payments, forged and real webhooks and failed API calls, is read back.
 */
const lines = () => readFileSync(E2E.serverLog, "utf8").split("\n");

/**
 * Whether a line shows a secret. A PIN is digits only, so it is looked for as a
 * number of its own: "802461" inside a millisecond timestamp is not a PIN.
 */
const shows = (line: string, secret: string) =>
  /^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(line) : line.includes(secret);

/** Till's own lines, without the "[Till] " prefix npm start adds. */
const tillJson = () =>
  lines()
    .filter((l) => l.startsWith("[Till] {"))
    .map((l) => JSON.parse(l.slice("[Till] ".length)) as Record<string, unknown>);

test("logs: no PIN, API key, session token, webhook secret or body appears anywhere in the servers' output", () => {
  const text = readFileSync(E2E.serverLog, "utf8");
  expect(text.length).toBeGreaterThan(1000);
  const secrets = [
    E2E.cashierKey,
    E2E.ownerKey,
    E2E.sandboxKey,
    // The webhook secret the e2e servers use (the demo default), without its prefix too.
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    E2E.ownerPin,
    E2E.cashierPin,
    "till_session=",
    "Bearer ",
    // Fragments of the bodies of notifications and API calls.
    '"type":"payment.succeeded"',
    '"merchant_refund_ref"',
    '"amount":',
  ];
  for (const secret of secrets) {
    const hit = text.split("\n").find((line) => shows(line, secret));
    expect(hit, `"${secret}" was printed`).toBeUndefined();
  }
});

test("logs: one JSON line per request with method, path (no query), status, duration and request id", () => {
  const requests = tillJson().filter((l) => l.msg === "request");
  expect(requests.length).toBeGreaterThan(50);
  for (const r of requests) {
    expect(r).toMatchObject({ method: expect.any(String), path: expect.stringMatching(/^\//), status: expect.any(Number), durationMs: expect.any(Number), requestId: expect.stringMatching(/^[A-Za-z0-9._:-]{1,64}$/) });
    expect(String(r.path)).not.toContain("?");
  }
  // The forged webhooks of the api project were answered 401 and logged as such.
  expect(requests.some((r) => r.method === "POST" && r.path === "/api/webhooks/sandbox" && r.status === 401)).toBe(true);
  const sandboxRequests = lines().filter((l) => l.startsWith('[Sandbox Pay] {') && l.includes('"msg":"request"'));
  expect(sandboxRequests.length).toBeGreaterThan(10);
});

test("logs: a request id a client sends is the one logged and answered", async ({ request }) => {
  const id = `log-test.${Date.now()}`;
  const answer = await request.get("/api/v1/orders/ord_00000000000000000000000000", { headers: { authorization: `Bearer ${E2E.cashierKey}`, "x-request-id": id } });
  expect(answer.status()).toBe(404);
  expect(answer.headers()["x-request-id"]).toBe(id);
  expect(parseAs(ProblemSchema, await answer.json(), "the 404 problem").instance).toBe(id);
  await expect.poll(() => tillJson().find((l) => l.requestId === id && l.msg === "request"), { timeout: 5_000 }).toMatchObject({ status: 404, method: "GET" });
});

test("logs: the store on WeChat Pay and Alipay printed no PIN, API key, session token, private key or APIv3 key", () => {
  const text = readFileSync(E2E.wallets.serverLog, "utf8");
  expect(text).toContain("Till ready on");
  const wechat = JSON.parse(readFileSync(`${E2E.wallets.dataDir}/demo-wechat.json`, "utf8")) as Record<string, string>;
  const alipay = JSON.parse(readFileSync(`${E2E.wallets.dataDir}/demo-alipay.json`, "utf8")) as Record<string, string>;
  // A line of the base64 body of each private key is enough to find one printed whole or in part.
  const keyLine = (pem: string | undefined) => pem?.split("\n")[2] ?? "";
  const secrets = [
    E2E.cashierKey,
    E2E.ownerKey,
    E2E.sandboxKey,
    E2E.ownerPin,
    E2E.cashierPin,
    "till_session=",
    "Bearer ",
    "PRIVATE KEY",
    wechat.apiV3Key ?? "",
    keyLine(wechat.merchantPrivateKeyPem),
    keyLine(wechat.platformPrivateKeyPem),
    keyLine(alipay.appPrivateKeyPem),
    keyLine(alipay.alipayPrivateKeyPem),
  ];
  for (const secret of secrets) {
    expect(secret.length, "a secret to look for").toBeGreaterThan(5);
    const hit = text.split("\n").find((line) => shows(line, secret));
    expect(hit, `"${secret}" was printed`).toBeUndefined();
  }
});
