/**
 * What the Provider page promises about WeChat Pay and Alipay credentials:
 * validated per field (a key that does not parse is that field's error),
 * write-only (the page's data carries "set" and hints, never a secret; an
 * empty field keeps the stored value), sealed at rest, and the store's
 * default connection chosen among its connections, exactly one at a time.
 * A notification arriving while the secrets key is missing is answered 503 in
 * the provider's own format, so that it is sent again.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sqlitePath } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/log/logger";
import { receiveNotification } from "@/lib/notifications/receive-notification";
import { SANDBOX_CONNECTION_ID } from "@/lib/stores/seed-demo-store";
import { TEST_DIALECT } from "@/test/postgres";
import { startHarness, type Harness } from "@/test/harness";
import { APP_ID } from "./alipay/alipay-test-support";
import { credentialFieldNames, keyFingerprint } from "./credential-fields";
import { alipayCredentialsSchema, openCredentials, wechatCredentialsSchema } from "./credentials";
import { getProvider } from "./get-provider";
import { credentialForms, listProviderConnections } from "./list-provider-connections";
import { findProviderConnection } from "./provider-connection-view";
import { saveProviderCredentials } from "./save-provider-credentials";
import { setDefaultConnection } from "./set-default-connection";
import { sdkNotificationBody, sdkSignedHeaders, wechatFixture } from "./wechat/wechat-test-support";

const f = wechatFixture();
const { baseUrl: _b, timeoutMs: _t, now: _n, ...wechat } = f.config("https://api.mch.weixin.qq.com");
const alipayKeys = { app: generateKeyPairSync("rsa", { modulusLength: 2048 }), alipay: generateKeyPairSync("rsa", { modulusLength: 2048 }) };
const alipay = {
  appId: APP_ID,
  appPrivateKeyPem: alipayKeys.app.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
  alipayPublicKeyPem: alipayKeys.alipay.publicKey.export({ type: "spki", format: "pem" }).toString(),
  sellerId: "2088102147948060",
};
const SECRETS = [wechat.merchantPrivateKeyPem, wechat.apiV3Key, wechat.wechatPayPublicKeyPem, alipay.appPrivateKeyPem, alipay.alipayPublicKeyPem];
/** The body of each PEM (a line of base64 from its middle): what would betray a key even re-wrapped. */
const PEM_LINES = SECRETS.filter((s) => s.includes("-----")).map((pem) => pem.split("\n")[3]!);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const pathsOf = (error: unknown) => (isAppError(error) ? (error.errors ?? []).map((e) => e.path).sort() : []);

describe("the credential forms", () => {
  it("ask for exactly the fields of each adapter's credential schema", () => {
    expect([...credentialFieldNames("wechat")].sort()).toEqual(Object.keys(wechatCredentialsSchema.shape).sort());
    expect([...credentialFieldNames("alipay")].sort()).toEqual(Object.keys(alipayCredentialsSchema.shape).sort());
  });

  it("refuse a PEM that does not parse as an RSA key as that field's error, and an unknown id format as its own", async () => {
    const garbled = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const wrong = await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl: "https://api.mch.weixin.qq.com", credentials: { ...wechat, merchantPrivateKeyPem: garbled, wechatPayPublicKeyPem: ec } }).catch((e: unknown) => e);
    expect(isAppError(wrong) && wrong.code).toBe("invalid_request");
    expect(pathsOf(wrong)).toEqual(["merchantPrivateKeyPem", "wechatPayPublicKeyPem"]);
    const wrongAlipay = await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "alipay", baseUrl: "https://openapi.alipay.com/gateway.do", credentials: { ...alipay, appPrivateKeyPem: ec, appId: "12" } }).catch((e: unknown) => e);
    expect(pathsOf(wrongAlipay)).toEqual(["appId", "appPrivateKeyPem"]);
    expect(await h.ctx.db.providerAccount.count({ where: { kind: { in: ["wechat", "alipay"] } } })).toBe(0);
  });
});

describe("a store with WeChat Pay and Alipay connected at once", () => {
  let wechatId = "";
  let alipayId = "";

  it("keeps Sandbox Pay its default when both are added, and lists all three", async () => {
    wechatId = (await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl: "https://api.mch.weixin.qq.com", credentials: wechat })).accountId;
    alipayId = (await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "alipay", baseUrl: "https://openapi.alipay.com/gateway.do", credentials: alipay })).accountId;
    const list = await listProviderConnections(h.ctx, h.owner.storeId);
    expect(list.map((c) => [c.kind, c.isDefault])).toEqual([
      ["sandbox", true],
      ["wechat", false],
      ["alipay", false],
    ]);
  });

  it("shows each credential only as set, with a key's fingerprint and an id's last characters, never a secret", async () => {
    const list = await listProviderConnections(h.ctx, h.owner.storeId);
    const forms = credentialForms(list);
    const page = JSON.stringify({ list, forms, sandbox: await findProviderConnection(h.ctx, h.owner.storeId) });
    for (const secret of [...SECRETS, ...PEM_LINES, "PRIVATE KEY", "PUBLIC KEY"]) expect(page).not.toContain(secret);
    const fields = Object.fromEntries(list.find((c) => c.kind === "wechat")!.fields!.map((field) => [field.name, field]));
    expect(fields.apiV3Key).toMatchObject({ set: true, hint: null });
    expect(fields.mchid).toMatchObject({ set: true, hint: "••••9191" });
    expect(fields.merchantSerial).toMatchObject({ set: true, hint: wechat.merchantSerial });
    // A private key shows the fingerprint of its public half: the same as the certificate's or public key's the owner holds.
    expect(fields.merchantPrivateKeyPem).toMatchObject({ set: true, hint: keyFingerprint(f.merchant.publicPem) });
    expect(fields.wechatPayPublicKeyPem).toMatchObject({ set: true, hint: keyFingerprint(f.platform.publicPem) });
    expect(forms.map((form) => [form.kind, form.exists])).toEqual([
      ["wechat", true],
      ["alipay", true],
    ]);
  });

  it("keeps a stored secret when its field is left empty, and replaces only what is typed", async () => {
    await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "alipay", baseUrl: "https://openapi.alipay.com/gateway.do", credentials: { appPrivateKeyPem: "", alipayPublicKeyPem: "  ", sellerId: "2088102147948061" } });
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: alipayId } });
    expect(openCredentials(h.secretsKey, account)).toEqual({ kind: "alipay", credentials: { ...alipay, sellerId: "2088102147948061" } });
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: alipayId, action: "provider.credentials_saved" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(JSON.parse(audit.data ?? "{}")).toMatchObject({ kind: "alipay", created: false, changed: ["sellerId"] });
  });

  it("stores the credentials sealed: neither the rows nor the database file hold a key in the clear", async () => {
    const rows = await h.ctx.db.providerAccount.findMany({ where: { id: { in: [wechatId, alipayId] } }, select: { sealedCredentials: true } });
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.sealedCredentials).toMatch(/^v1:/);
    let everything = JSON.stringify(rows);
    // On SQLite the file itself too (PostgreSQL's files are the server's: there the stored rows are what is checked).
    if (TEST_DIALECT === "sqlite") {
      await h.ctx.db.$executeRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
      everything += readFileSync(sqlitePath(h.env.DATABASE_URL)).toString("latin1");
    }
    for (const secret of [wechat.apiV3Key, ...PEM_LINES]) expect(everything).not.toContain(secret);
  });

  it("makes the chosen connection the one default, audited, and refuses another store's connection", async () => {
    const wechatConnection = await h.ctx.db.providerConnection.findFirstOrThrow({ where: { accountId: wechatId } });
    await setDefaultConnection(h.ctx, { actor: h.owner, connectionId: wechatConnection.id });
    const defaults = await h.ctx.db.providerConnection.findMany({ where: { storeId: h.owner.storeId, isDefault: true } });
    expect(defaults.map((c) => c.id)).toEqual([wechatConnection.id]);
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { action: "provider.default_changed" } });
    expect(JSON.parse(audit.data ?? "{}")).toEqual({ kind: "wechat", connection: { from: SANDBOX_CONNECTION_ID, to: wechatConnection.id } });
    // The Sandbox Pay section still edits Sandbox Pay, whichever connection is the default.
    expect((await findProviderConnection(h.ctx, h.owner.storeId))?.kind).toBe("sandbox");
    const missing = await setDefaultConnection(h.ctx, { actor: h.owner, connectionId: "pc_other_store" }).catch((e: unknown) => e);
    expect(isAppError(missing) && missing.code).toBe("not_found");
    await setDefaultConnection(h.ctx, { actor: h.owner, connectionId: SANDBOX_CONNECTION_ID });
    expect((await h.ctx.db.providerConnection.findMany({ where: { storeId: h.owner.storeId, isDefault: true } })).map((c) => c.id)).toEqual([SANDBOX_CONNECTION_ID]);
  });

  it("cannot store credentials without a secrets key, and says which configuration is missing", async () => {
    const error = await saveProviderCredentials({ ...h.ctx, secretsKey: undefined }, { actor: h.owner, kind: "wechat", baseUrl: "https://api.mch.weixin.qq.com", credentials: {} }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("provider_unavailable");
    expect(isAppError(error) && error.message).toMatch(/TILL_SECRETS_KEY/);
    const list = await listProviderConnections({ ...h.ctx, secretsKey: undefined }, h.owner.storeId);
    expect(list.find((c) => c.kind === "wechat")).toMatchObject({ credentialsReadable: false });
  });
});

describe("a notification while the secrets key is missing", () => {
  const keyless = () => ({ ...h.ctx, secretsKey: undefined, provider: (account: Parameters<typeof getProvider>[0]) => getProvider(account, {}) });

  it("is answered 503 in WeChat Pay's failure format, with an error log naming TILL_SECRETS_KEY and no secret", async () => {
    const body = sdkNotificationBody(f, { id: "EV-2026112800001", eventType: "TRANSACTION.SUCCESS", resource: { out_trade_no: "x" } });
    const errors = vi.spyOn(logger, "error");
    try {
      const answer = await receiveNotification(keyless(), { kind: "wechat", rawBody: body, headers: new Headers(sdkSignedHeaders(f, body)) });
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ code: "FAIL" });
      const logged = JSON.stringify(errors.mock.calls);
      expect(logged).toContain("TILL_SECRETS_KEY");
      for (const secret of [wechat.apiV3Key, ...PEM_LINES]) expect(logged).not.toContain(secret);
    } finally {
      errors.mockRestore();
    }
    expect(await h.ctx.db.webhookDelivery.count({ where: { provider: "wechat" } })).toBe(0);
  });

  it("is answered 503 with a body other than `success` for Alipay, which then sends it again", async () => {
    const answer = await receiveNotification(keyless(), { kind: "alipay", rawBody: "notify_type=trade_status_sync&app_id=" + APP_ID, headers: new Headers({ "content-type": "application/x-www-form-urlencoded" }) });
    expect(answer).toMatchObject({ status: 503, body: "fail" });
  });
});

describe("credentials sealed under another secrets key", () => {
  it("cannot be kept: a partial edit names every missing field, a complete one replaces them, audited as such", async () => {
    const other = { ...h.ctx, secretsKey: randomBytes(32) };
    const partial = await saveProviderCredentials(other, { actor: h.owner, kind: "alipay", baseUrl: "https://openapi.alipay.com/gateway.do", credentials: { appId: APP_ID } }).catch((e: unknown) => e);
    expect(pathsOf(partial)).toEqual(["alipayPublicKeyPem", "appPrivateKeyPem"]);
    const { accountId } = await saveProviderCredentials(other, { actor: h.owner, kind: "alipay", baseUrl: "https://openapi.alipay.com/gateway.do", credentials: alipay });
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(openCredentials(other.secretsKey, account)).toEqual({ kind: "alipay", credentials: alipay });
    const audit = await h.ctx.db.auditEvent.findFirstOrThrow({ where: { entityId: accountId, action: "provider.credentials_saved" }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(JSON.parse(audit.data ?? "{}")).toMatchObject({ replacedUnreadable: true });
  });
});
