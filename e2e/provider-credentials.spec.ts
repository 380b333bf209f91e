import { generateKeyPairSync, randomBytes } from "node:crypto";
import { expect, test, type Locator } from "@playwright/test";
import { signIn } from "./support";

/** A fresh RSA key pair as the WeChat Pay merchant portal hands it out, in PEM. */
function rsaPem() {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(), publicPem: publicKey.export({ type: "spki", format: "pem" }).toString() };
}

/** Lines from the middle of a PEM: what would betray the key even re-wrapped. */
const bodyLines = (pem: string) => pem.split("\n").slice(2, 5);

const field = (form: Locator, name: string) => form.getByTestId(`field-${name}`);

test("the owner connects WeChat Pay: keys write-only, a bad key is that field's error, an edit keeps what is left empty, audited", async ({ page }) => {
  const merchant = rsaPem();
  const platform = rsaPem();
  const apiV3Key = randomBytes(16).toString("hex");
  const secrets = [apiV3Key, ...bodyLines(merchant.privatePem), ...bodyLines(platform.publicPem)];

  await signIn(page, "owner");
  await page.goto("/admin/provider");
  const form = page.getByTestId("credentials-wechat");
  await expect(form.getByRole("heading")).toHaveText(/Connect WeChat Pay|连接微信支付/);
  await expect(field(form, "merchantPrivateKeyPem").getByTestId("field-status")).toHaveText(/Not set|未设置/);

  await field(form, "mchid").getByRole("textbox").fill("1900009191");
  await field(form, "appid").getByRole("textbox").fill("wxd678efh567hg6787");
  await field(form, "merchantSerial").getByRole("textbox").fill("1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C");
  // A key pasted with its middle cut off: refused on that field, nothing stored.
  await field(form, "merchantPrivateKeyPem").getByRole("textbox").fill(merchant.privatePem.split("\n").slice(0, 3).join("\n") + "\n-----END PRIVATE KEY-----\n");
  await form.locator('input[name="apiV3Key"]').fill(apiV3Key);
  await field(form, "wechatPayPublicKeyId").getByRole("textbox").fill("PUB_KEY_ID_0114232134912410000000000000");
  await field(form, "wechatPayPublicKeyPem").getByRole("textbox").fill(platform.publicPem);
  await page.getByTestId("save-wechat").click();
  await expect(field(form, "merchantPrivateKeyPem").getByRole("alert")).toContainText(/RSA private key/);
  await expect(page.getByTestId("connection-wechat")).toHaveCount(0);

  // The whole key: saved, listed, every secret shown only as set.
  await field(form, "merchantPrivateKeyPem").getByRole("textbox").fill(merchant.privatePem);
  await page.getByTestId("save-wechat").click();
  await expect(page.getByTestId("connection-wechat")).toBeVisible();
  await expect(page.getByTestId("connection-wechat")).toContainText(/Make default|设为默认/);
  await expect(form.getByRole("heading")).toHaveText(/WeChat Pay connection|微信支付连接/);
  for (const name of ["mchid", "merchantPrivateKeyPem", "apiV3Key", "wechatPayPublicKeyPem"]) {
    await expect(field(form, name).getByTestId("field-status")).toHaveText(/^(Set|已设置)/);
  }
  await expect(field(form, "mchid").getByTestId("field-status")).toContainText("••••9191");
  await expect(field(form, "merchantPrivateKeyPem").getByTestId("field-status")).toContainText(/SHA256 [0-9a-f]{4}:/);
  await expect(field(form, "refundNotifyUrl").getByTestId("field-status")).toHaveText(/Not set|未设置/);
  // Sandbox Pay stays the store's default.
  await expect(page.getByTestId("connection-sandbox").getByTestId("default-badge")).toBeVisible();
  await page.reload();
  let html = await page.content();
  for (const secret of [...secrets, "PRIVATE KEY"]) expect(html).not.toContain(secret);

  // An edit with every key left empty: only the app id changes, the keys stay.
  const edited = page.getByTestId("credentials-wechat");
  const fingerprint = await field(edited, "merchantPrivateKeyPem").getByTestId("field-status").textContent();
  await field(edited, "appid").getByRole("textbox").fill("wx0000000000009876");
  await page.getByTestId("save-wechat").click();
  await expect(field(edited, "appid").getByTestId("field-status")).toContainText("••••9876");
  await expect(field(edited, "merchantPrivateKeyPem").getByTestId("field-status")).toHaveText(fingerprint ?? "");
  await expect(field(edited, "apiV3Key").getByTestId("field-status")).toHaveText(/^(Set|已设置)/);

  // The audit log names what changed, never a value of a key.
  await page.goto("/admin/audit?action=provider.credentials_saved");
  const rows = page.getByTestId("audit-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toContainText(/Provider credentials saved|支付凭据已保存/);
  await expect(rows.first()).toContainText('"changed":["appid"]');
  await expect(rows.nth(1)).toContainText('"created":true');
  html = await page.content();
  for (const secret of secrets) expect(html).not.toContain(secret);
});
