/**
 * Test fixtures for the WeChat Pay adapter, built on an independent
 * implementation of the protocol (the wechatpay-axios-plugin SDK): keys
 * generated per run, notifications signed and encrypted the SDK's way, and a
 * small HTTP server that plays WeChat Pay — it checks every request's
 * signature with the SDK and signs its answers with the SDK.
 */
import { generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Aes, Formatter, Rsa } from "wechatpay-axios-plugin";
import { SANDBOX_CONNECTION_ID } from "@/lib/stores/seed-demo-store";
import type { Harness } from "@/test/harness";
import { sealCredentials } from "../credentials";
import type { WechatPayConfig } from "./config";
import { WechatPayProvider } from "./wechat-provider";

export type KeyPair = { privateKey: KeyObject; publicKey: KeyObject; privatePem: string; publicPem: string };

export function rsaKeys(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKey,
    publicKey,
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export type WechatFixture = {
  merchant: KeyPair;
  platform: KeyPair;
  apiV3Key: string;
  publicKeyId: string;
  config: (baseUrl: string, now?: () => Date) => WechatPayConfig;
};

export function wechatFixture(): WechatFixture {
  const merchant = rsaKeys();
  const platform = rsaKeys();
  const apiV3Key = randomBytes(16).toString("hex");
  const publicKeyId = `PUB_KEY_ID_0114${randomBytes(14).toString("hex").replace(/\D/g, "7").padEnd(28, "1").slice(0, 28)}`;
  return {
    merchant,
    platform,
    apiV3Key,
    publicKeyId,
    config: (baseUrl, now) => ({
      baseUrl,
      mchid: "1900009191",
      appid: "wxd678efh567hg6787",
      merchantSerial: "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C",
      merchantPrivateKeyPem: merchant.privatePem,
      apiV3Key,
      wechatPayPublicKeyId: publicKeyId,
      wechatPayPublicKeyPem: platform.publicPem,
      refundNotifyUrl: "https://till.example/api/webhooks/wechat",
      timeoutMs: 2_000,
      now,
    }),
  };
}

/** Headers WeChat Pay puts on a message it signs, made by the SDK's formatter and signer. */
export function sdkSignedHeaders(f: WechatFixture, body: string, options: { at?: Date; serial?: string; nonce?: string } = {}): Record<string, string> {
  const timestamp = Math.floor((options.at ?? new Date()).getTime() / 1000);
  const nonce = options.nonce ?? Formatter.nonce();
  return {
    "content-type": "application/json",
    "wechatpay-timestamp": String(timestamp),
    "wechatpay-nonce": nonce,
    "wechatpay-serial": options.serial ?? f.publicKeyId,
    "wechatpay-signature": Rsa.sign(Formatter.response(timestamp, nonce, body), f.platform.privateKey),
  };
}

/** A notification body whose `resource` the SDK encrypted with the APIv3 key. */
export function sdkNotificationBody(f: WechatFixture, event: { id: string; eventType: string; resource: unknown; associatedData?: string; originalType?: string }): string {
  const nonce = Formatter.nonce(12);
  const associatedData = event.associatedData ?? event.originalType ?? "transaction";
  return JSON.stringify({
    id: event.id,
    create_time: "2015-05-20T13:29:35+08:00",
    resource_type: "encrypt-resource",
    event_type: event.eventType,
    summary: event.eventType.startsWith("REFUND") ? "退款成功" : "支付成功",
    resource: {
      original_type: event.originalType ?? "transaction",
      algorithm: "AEAD_AES_256_GCM",
      ciphertext: Aes.AesGcm.encrypt(JSON.stringify(event.resource), f.apiV3Key, nonce, associatedData),
      associated_data: associatedData,
      nonce,
    },
  });
}

/** The parts of a WECHATPAY2-SHA256-RSA2048 Authorization header. */
export function authorizationParts(header: string): Record<string, string> {
  const m = /^WECHATPAY2-SHA256-RSA2048 (.*)$/.exec(header);
  if (!m) return {};
  return Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((p) => [p[1]!, p[2]!]));
}

export type SeenRequest = { method: string; url: string; body: string; authorization: Record<string, string>; signatureValid: boolean };
export type Answer = { status: number; body?: unknown; raw?: string; signed?: "sdk" | "none" | "bad"; headers?: Record<string, string> };
export type Route = (request: SeenRequest) => Answer | undefined;

/**
 * WeChat Pay as a test sees it: every request's Authorization is checked with
 * the SDK (a bad one answers 401 SIGN_ERROR, as WeChat does); `route` answers
 * the rest (404 when it does not), signed by the SDK with the platform key.
 */
export async function fakeWechatPay(f: WechatFixture, route: Route) {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const authorization = authorizationParts(req.headers.authorization ?? "");
      const message = Formatter.request(req.method ?? "", req.url ?? "", authorization.timestamp ?? "", authorization.nonce_str ?? "", body);
      const signatureValid =
        authorization.mchid === "1900009191" &&
        authorization.serial_no === "1DDE55AD98ED71D6EDD4A4A16996DE7B47773A8C" &&
        Rsa.verify(message, authorization.signature ?? "", f.merchant.publicKey);
      const request = { method: req.method ?? "", url: req.url ?? "", body, authorization, signatureValid };
      seen.push(request);
      const answer: Answer = signatureValid ? (route(request) ?? { status: 404, body: { code: "NOT_FOUND", message: "no such resource" } }) : { status: 401, body: { code: "SIGN_ERROR", message: "签名错误" } };
      const text = answer.raw ?? (answer.body === undefined ? "" : JSON.stringify(answer.body));
      const signedHeaders = answer.signed === "none" ? {} : sdkSignedHeaders(f, answer.signed === "bad" ? `${text} ` : text);
      res.writeHead(answer.status, { ...(text ? { "content-type": "application/json" } : {}), ...signedHeaders, ...answer.headers }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export const WECHAT_ACCOUNT_ID = "pa_wechat_test";

/**
 * Makes WeChat Pay the harness store's default provider: an account of kind
 * "wechat" whose credentials are sealed on it as Till stores them, so that
 * getProvider builds its adapter (a config with its own clock keeps the adapter
 * given, since a clock is not stored), and the sandbox connection no longer the default.
 */
export async function connectWechat(h: Harness, config: WechatPayConfig): Promise<WechatPayProvider> {
  const adapter = new WechatPayProvider(config);
  if (config.now) {
    const stored = h.ctx.provider;
    h.ctx.provider = (account) => (account.kind === "wechat" ? adapter : stored(account));
  }
  const storeId = h.owner.storeId;
  const { baseUrl, timeoutMs: _timeoutMs, now: _now, ...credentials } = config;
  const sealedCredentials = sealCredentials(h.secretsKey, WECHAT_ACCOUNT_ID, { kind: "wechat", credentials });
  await h.ctx.db.providerAccount.create({ data: { id: WECHAT_ACCOUNT_ID, storeId, kind: "wechat", name: "WeChat Pay", baseUrl, apiKey: "", webhookSecret: "", sealedCredentials } });
  await h.ctx.db.providerConnection.update({ where: { id: SANDBOX_CONNECTION_ID }, data: { isDefault: false } });
  await h.ctx.db.providerConnection.create({ data: { id: "pc_wechat_test", storeId, accountId: WECHAT_ACCOUNT_ID, name: "WeChat Pay", isDefault: true } });
  return adapter;
}
