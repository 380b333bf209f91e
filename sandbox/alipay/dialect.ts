import { createHmac, createPrivateKey, createPublicKey, createSign, createVerify, generateKeyPairSync, type KeyObject } from "node:crypto";
import type { ApiResponse } from "../http";

/**
 * Sandbox Pay speaking Alipay's OpenAPI v2 gateway: the app it serves (app id,
 * the public half of the app's key, the seller's PID) and its own signing key,
 * published to merchants as "Alipay's public key".
 */
export interface AlipayDialect {
  appId: string;
  sellerId: string;
  appPublicKey: KeyObject;
  alipayPrivateKey: KeyObject;
}

export interface AlipayDialectOptions {
  appId: string;
  appPublicKeyPem: string;
  sellerId?: string;
  /** Sandbox Pay's own key; generated at start when absent (merchants then read it from the handle). */
  alipayPrivateKeyPem?: string;
}

export function alipayDialect(options: AlipayDialectOptions): AlipayDialect {
  return {
    appId: options.appId,
    sellerId: options.sellerId ?? "2088000000000001",
    appPublicKey: createPublicKey(options.appPublicKeyPem),
    alipayPrivateKey: createPrivateKey(options.alipayPrivateKeyPem ?? generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" })),
  };
}

/** The public key merchants verify Sandbox Pay's answers and notifications with (SPKI PEM). */
export function alipayPublicKeyPem(d: AlipayDialect): string {
  return createPublicKey(d.alipayPrivateKey).export({ type: "spki", format: "pem" }).toString();
}

/** What RSA2 signs: the parameters but `omit`, empty ones left out, sorted by key, `k=v` joined by `&`, not encoded. */
export function sortedParams(params: Record<string, string>, omit: string[]): string {
  const keys = Object.keys(params).filter((k) => params[k] !== "" && !omit.includes(k));
  return keys
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join("&");
}

export const rsa2 = (text: string, key: KeyObject) => createSign("sha256WithRSAEncryption").update(text, "utf8").sign(key, "base64");

/** True when `sign` is the app's RSA2 signature over every other parameter (`sign_type` included), as the gateway checks. */
export function appSigned(d: AlipayDialect, params: Record<string, string>): boolean {
  try {
    return createVerify("sha256WithRSAEncryption").update(sortedParams(params, ["sign"]), "utf8").verify(d.appPublicKey, params.sign ?? "", "base64");
  } catch {
    return false;
  }
}

/** `{"<key>":{…},"sign":"…"}`: Alipay signs the exact text of the response object. */
export function alipayAnswer(d: AlipayDialect, responseKey: string, node: Record<string, unknown>): ApiResponse {
  const text = JSON.stringify(node);
  return { status: 200, contentType: "application/json;charset=utf-8", body: `{"${responseKey}":${text},"sign":"${rsa2(text, d.alipayPrivateKey)}"}` };
}

/** A bill's download address is good for 30 seconds: its token is Sandbox Pay's MAC over the day and the expiry. */
export function billToken(d: AlipayDialect, day: string, expiresMs: number): string {
  const key = d.alipayPrivateKey.export({ type: "pkcs8", format: "der" });
  return createHmac("sha256", key).update(`${day}|${expiresMs}`).digest("hex").slice(0, 32);
}

/** `2026-11-28 20:05:00`: Alipay writes China time without a zone. */
export function chinaWallTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000 + 8 * 3_600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** Fen as Alipay's yuan string (`23.50`). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? "-" : "";
  const digits = String(Math.abs(fen)).padStart(3, "0");
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** `23.5`/`23.50` → 2350 exactly; null for anything that is not 0.01-precision yuan. */
export function fenOf(text: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  return m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : null;
}
