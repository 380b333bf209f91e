/**
 * The owner adds and edits a WeChat Pay connection: credentials validated per
 * field, sealed, write-only on edit (what is left empty stays), audited by the
 * names of the fields changed and never their values.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { startHarness, type Harness } from "@/test/harness";
import { openCredentials } from "./credentials";
import { saveProviderCredentials } from "./save-provider-credentials";
import { wechatFixture } from "./wechat/wechat-test-support";

const f = wechatFixture();
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const { baseUrl: _baseUrl, timeoutMs: _timeoutMs, now: _now, ...full } = f.config("https://api.mch.weixin.qq.com");

describe("saving a WeChat Pay connection's credentials", () => {
  it("refuses an incomplete or malformed set, naming each field, and writes nothing", async () => {
    const error = await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl: "https://api.mch.weixin.qq.com", credentials: { ...full, merchantPrivateKeyPem: "not a key", apiV3Key: "short", mchid: undefined } }).catch((e: unknown) => e);
    expect(isAppError(error) && error.code).toBe("invalid_request");
    const paths = isAppError(error) ? (error.errors ?? []).map((e) => e.path).sort() : [];
    expect(paths).toEqual(["apiV3Key", "mchid", "merchantPrivateKeyPem"]);
    expect(await h.ctx.db.providerAccount.count({ where: { kind: "wechat" } })).toBe(0);
  });

  it("adds the connection sealed, then an edit replaces only the fields given; the audit names fields, not values", async () => {
    const { accountId } = await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl: "https://api.mch.weixin.qq.com", credentials: full });
    const newKey = "abcdefghijklmnopqrstuvwxyz012345";
    await saveProviderCredentials(h.ctx, { actor: h.owner, kind: "wechat", baseUrl: "https://api2.mch.weixin.qq.com", credentials: { apiV3Key: newKey, merchantPrivateKeyPem: "" } });
    const account = await h.ctx.db.providerAccount.findUniqueOrThrow({ where: { id: accountId } });
    expect(account).toMatchObject({ kind: "wechat", baseUrl: "https://api2.mch.weixin.qq.com" });
    expect(openCredentials(h.secretsKey, account)).toEqual({ kind: "wechat", credentials: { ...full, apiV3Key: newKey } });
    expect(await h.ctx.db.providerConnection.count({ where: { accountId } })).toBe(1);
    const audits = await h.ctx.db.auditEvent.findMany({ where: { entityId: accountId, action: "provider.credentials_saved" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
    expect(audits).toHaveLength(2);
    const data = audits.map((a) => JSON.parse(a.data ?? "{}") as Record<string, unknown>);
    expect(data.find((d) => d.created === false)).toMatchObject({ kind: "wechat", changed: ["apiV3Key"], baseUrl: { to: "https://api2.mch.weixin.qq.com" } });
    const text = JSON.stringify(audits);
    for (const secret of [newKey, f.apiV3Key, "PRIVATE KEY"]) expect(text).not.toContain(secret);
  });
});
