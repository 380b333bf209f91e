import http from "node:http";
import https from "node:https";
import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";

export const ATTEMPT_TIMEOUT_MS = 10_000;

export interface AttemptResult {
  attemptedAt: number;
  webhookTimestamp: number | null;
  statusCode: number | null;
  error: string | null;
  signature: "good" | "bad" | "none";
  ok: boolean;
  durationMs: number;
}

export interface AttemptInput {
  url: string;
  eventId: string;
  body: string;
  secret: string;
  now: () => number;
  signal: AbortSignal;
  /** Fault: the network "loses" this attempt; nothing is sent. */
  drop: boolean;
  /** Fault: sign with a secret the receiver does not know. */
  badSignature: boolean;
  /** Another provider's way (the WeChat and Alipay dialects) instead of Standard Webhooks. */
  dialect?: DeliveryDialect | null;
}

/** How a provider dialect sends one attempt, and what answer it takes as acknowledged. */
export interface DeliveryDialect {
  /** The headers and body of one attempt, signed at `atMs` (with a key nobody published when `bad`). */
  sign(body: string, atMs: number, bad: boolean): { headers: Record<string, string>; body: string };
  /** Unset: any 2xx acknowledges. */
  acknowledged?(statusCode: number, text: string): boolean;
}

/** The most of an answer read to judge it: an acknowledgement is a word, not a page. */
const ANSWER_LIMIT = 4096;

/** POST and resolve with the status code and the answer's first bytes; any network error or timeout rejects. */
function post(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<{ statusCode: number; text: string }> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === "https:" ? https : http;
    // agent: false — one connection per attempt, so nothing lingers after close().
    const req = client.request(url, { method: "POST", headers, agent: false, signal }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        if (size < ANSWER_LIMIT) chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => resolve({ statusCode: res.statusCode ?? 0, text: Buffer.concat(chunks).subarray(0, ANSWER_LIMIT).toString("utf8") }));
      res.on("error", reject);
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${ATTEMPT_TIMEOUT_MS} ms`)), ATTEMPT_TIMEOUT_MS);
    req.on("close", () => clearTimeout(timer));
    req.on("error", reject);
    req.end(body);
  });
}

/** One signed delivery attempt; never throws, the outcome is in the result. */
export async function attemptDelivery(input: AttemptInput): Promise<AttemptResult> {
  const attemptedAt = input.now();
  const result = (partial: Partial<AttemptResult>): AttemptResult => ({
    attemptedAt,
    webhookTimestamp: null,
    statusCode: null,
    error: null,
    signature: "none",
    ok: false,
    durationMs: input.now() - attemptedAt,
    ...partial,
  });
  if (input.drop) return result({ error: "dropped (drop_rate fault)" });
  // Signed afresh on every attempt: a new timestamp, the same webhook-id.
  const signedAt = new Date(attemptedAt);
  const secret = input.badSignature ? `whsec_${randomBytes(24).toString("base64")}` : input.secret;
  const message = input.dialect
    ? input.dialect.sign(input.body, attemptedAt, input.badSignature)
    : {
        body: input.body,
        headers: {
          "webhook-id": input.eventId,
          "webhook-timestamp": String(Math.floor(attemptedAt / 1000)),
          "webhook-signature": new Webhook(secret).sign(input.eventId, signedAt, input.body),
        },
      };
  const headers = {
    "content-type": "application/json",
    "user-agent": "SandboxPay/1",
    ...message.headers,
    "content-length": String(Buffer.byteLength(message.body)),
  };
  const signature = input.badSignature ? "bad" : "good";
  try {
    const { statusCode, text } = await post(new URL(input.url), headers, message.body, input.signal);
    const ok = input.dialect?.acknowledged ? input.dialect.acknowledged(statusCode, text) : statusCode >= 200 && statusCode < 300;
    return result({ webhookTimestamp: Math.floor(attemptedAt / 1000), statusCode, signature, ok });
  } catch (e) {
    const error = e instanceof Error ? e.message || e.name : String(e);
    return result({ webhookTimestamp: Math.floor(attemptedAt / 1000), error, signature });
  }
}
