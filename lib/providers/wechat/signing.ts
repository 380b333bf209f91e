import { createSign, createVerify, randomBytes, type KeyObject } from "node:crypto";

/** WeChat Pay refuses a message whose timestamp is further than this from its own clock, and so does Till. */
export const MAX_CLOCK_SKEW_S = 300;

/** Signatures of WeChat's probe traffic start with this; they are never genuine. */
const SIGNATURE_PROBE = "WECHATPAY/SIGNTEST/";

/** Lines joined by LF, the last one LF-terminated too. */
function lines(...pieces: string[]): string {
  return `${pieces.join("\n")}\n`;
}

/** The string a request signature covers: `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n` (URL = path and query). */
export function requestMessage(method: string, pathAndQuery: string, timestamp: string, nonce: string, body: string): string {
  return lines(method, pathAndQuery, timestamp, nonce, body);
}

/** The string a response or notification signature covers: `TIMESTAMP\nNONCE\nBODY\n`. */
export function responseMessage(timestamp: string, nonce: string, body: string): string {
  return lines(timestamp, nonce, body);
}

export function signSha256Rsa(message: string, key: KeyObject): string {
  return createSign("RSA-SHA256").update(message, "utf8").sign(key, "base64");
}

/** A 32-character nonce of letters and digits. */
export function newNonce(): string {
  return randomBytes(24).toString("base64").replace(/[+/]/g, "A").slice(0, 32);
}

/**
 * The `Authorization` header of one APIv3 request: WECHATPAY2-SHA256-RSA2048
 * with the merchant's key over the exact bytes that will be sent.
 */
export function authorizationHeader(
  signer: { mchid: string; merchantSerial: string; merchantPrivateKey: KeyObject },
  request: { method: string; pathAndQuery: string; body: string; timestamp: number; nonce: string },
): string {
  const timestamp = String(request.timestamp);
  const signature = signSha256Rsa(requestMessage(request.method, request.pathAndQuery, timestamp, request.nonce, request.body), signer.merchantPrivateKey);
  return `WECHATPAY2-SHA256-RSA2048 mchid="${signer.mchid}",nonce_str="${request.nonce}",timestamp="${timestamp}",serial_no="${signer.merchantSerial}",signature="${signature}"`;
}

export type SignedHeaders = { timestamp: string | null; nonce: string | null; signature: string | null; serial: string | null };

/** The four Wechatpay-* headers of a response or notification. */
export function signedHeadersOf(headers: Headers): SignedHeaders {
  return {
    timestamp: headers.get("wechatpay-timestamp"),
    nonce: headers.get("wechatpay-nonce"),
    signature: headers.get("wechatpay-signature"),
    serial: headers.get("wechatpay-serial"),
  };
}

/**
 * Checks a message WeChat Pay signed: the serial names the key Till holds, the
 * timestamp is within ±300 s of `now`, and the RSA-SHA256 signature covers
 * `timestamp\nnonce\nbody\n` of these exact bytes. Returns why not, or null.
 */
export function wechatSignatureProblem(
  signed: SignedHeaders,
  body: string,
  verifier: { publicKeyId: string; publicKey: KeyObject; now: Date },
): string | null {
  const { timestamp, nonce, signature, serial } = signed;
  if (!timestamp || !nonce || !signature || !serial) return "missing Wechatpay-Timestamp, -Nonce, -Signature or -Serial header";
  if (signature.startsWith(SIGNATURE_PROBE)) return "a signature probe, not a genuine message";
  if (serial !== verifier.publicKeyId) return `signed with key ${serial.slice(0, 64)}, not the WeChat Pay key Till holds`;
  if (!/^\d{1,12}$/.test(timestamp)) return "Wechatpay-Timestamp is not a Unix time in seconds";
  if (Math.abs(verifier.now.getTime() / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_S) return `timestamp outside ±${MAX_CLOCK_SKEW_S} s of Till's clock`;
  const valid = createVerify("RSA-SHA256").update(responseMessage(timestamp, nonce, body), "utf8").verify(verifier.publicKey, signature, "base64");
  return valid ? null : "signature verification failed";
}
