import { createCipheriv, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from "node:crypto";
import type { ApiResponse } from "../http";

/**
 * Sandbox Pay speaking WeChat Pay APIv3: the merchant it serves (mchid, appid,
 * APIv3 key, the public half of the merchant's API key) and its own signing
 * key, published to merchants as a WeChat Pay public key with its ID.
 */
export interface WechatDialect {
  mchid: string;
  appid: string;
  apiV3Key: string;
  merchantPublicKey: KeyObject;
  platformPrivateKey: KeyObject;
  publicKeyId: string;
}

export interface WechatDialectOptions {
  mchid: string;
  appid: string;
  apiV3Key: string;
  merchantPublicKeyPem: string;
  /** Sandbox Pay's own key; generated at start when absent (merchants then read it from the handle). */
  platformPrivateKeyPem?: string;
  publicKeyId?: string;
}

export function wechatDialect(options: WechatDialectOptions): WechatDialect {
  if (Buffer.byteLength(options.apiV3Key) !== 32) throw new Error("the WeChat dialect's APIv3 key must be 32 bytes");
  return {
    mchid: options.mchid,
    appid: options.appid,
    apiV3Key: options.apiV3Key,
    merchantPublicKey: createPublicKey(options.merchantPublicKeyPem),
    platformPrivateKey: options.platformPrivateKeyPem ? createPrivateKey(options.platformPrivateKeyPem) : createPrivateKey(newKeyPem()),
    publicKeyId: options.publicKeyId ?? `PUB_KEY_ID_${Array.from(randomBytes(32), (b) => b % 10).join("")}`,
  };
}

function newKeyPem(): string {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

/** The WeChat Pay public key merchants verify Sandbox Pay's answers and notifications with (SPKI PEM). */
export function wechatPublicKeyPem(d: WechatDialect): string {
  return createPublicKey(d.platformPrivateKey).export({ type: "spki", format: "pem" }).toString();
}

const FIVE_MINUTES_S = 300;

/**
 * True when `Authorization` is a WECHATPAY2-SHA256-RSA2048 signature of this
 * merchant, made within five minutes, over `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`.
 */
export function merchantSigned(d: WechatDialect, request: { method: string; url: string; body: string; authorization: string | undefined; nowMs: number }): boolean {
  const header = request.authorization ?? "";
  if (!header.startsWith("WECHATPAY2-SHA256-RSA2048 ")) return false;
  const fields = new Map<string, string>();
  for (const m of header.slice(26).matchAll(/([a-z_]+)="([^"]*)"/g)) fields.set(m[1]!, m[2]!);
  const timestamp = fields.get("timestamp") ?? "";
  if (fields.get("mchid") !== d.mchid || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(request.nowMs / 1000 - Number(timestamp)) > FIVE_MINUTES_S) return false;
  const signed = [request.method, request.url, timestamp, fields.get("nonce_str") ?? "", request.body, ""].join("\n");
  return createVerify("sha256WithRSAEncryption").update(signed).verify(d.merchantPublicKey, fields.get("signature") ?? "", "base64");
}

/** The Wechatpay-* headers of a message Sandbox Pay sends: its key over `TIMESTAMP\nNONCE\nBODY\n`. */
export function wechatpayHeaders(d: WechatDialect, body: string, nowMs: number, key: KeyObject = d.platformPrivateKey): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  const nonce = randomBytes(16).toString("hex").toUpperCase();
  return {
    "wechatpay-timestamp": timestamp,
    "wechatpay-nonce": nonce,
    "wechatpay-serial": d.publicKeyId,
    "wechatpay-signature": createSign("sha256WithRSAEncryption").update(`${timestamp}\n${nonce}\n${body}\n`).sign(key, "base64"),
  };
}

/** An APIv3 answer, signed; `undefined` is an empty body (a 204). */
export function wechatAnswer(d: WechatDialect, status: number, value: unknown, nowMs: number): ApiResponse {
  const body = value === undefined ? "" : JSON.stringify(value);
  return { status, contentType: "application/json; charset=utf-8", body, headers: wechatpayHeaders(d, body, nowMs) };
}

/** A WeChat-style error: `{"code":"PARAM_ERROR","message":"…"}`. */
export function wechatError(d: WechatDialect, status: number, code: string, message: string, nowMs: number): ApiResponse {
  return wechatAnswer(d, status, { code, message }, nowMs);
}

/** AEAD_AES_256_GCM with the APIv3 key, as WeChat Pay encrypts a notification's resource. */
export function encryptedResource(d: WechatDialect, plaintext: unknown, originalType: string) {
  const nonce = randomBytes(6).toString("hex");
  const cipher = createCipheriv("aes-256-gcm", Buffer.from(d.apiV3Key), Buffer.from(nonce));
  cipher.setAAD(Buffer.from(originalType));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(plaintext)), cipher.final(), cipher.getAuthTag()]);
  return { original_type: originalType, algorithm: "AEAD_AES_256_GCM", ciphertext: sealed.toString("base64"), associated_data: originalType, nonce };
}

/** `2026-11-28T20:05:00+08:00`: WeChat Pay writes China time. */
export function chinaTime(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
}
